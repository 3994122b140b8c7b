import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable as available, launchChromium, newPage as openPage, screenshotDir, signIn as signInAs } from './support/browser.js';
import { startDemoServer, type DemoServer } from './support/server.js';

/**
 * Aggregate figures in the dashboard show how well they are sourced: a strip per figure whose
 * words are the server's basis points, linking to the records behind it, where each record has
 * its badge linking to its evidence. The pages are photographed at desktop and phone width.
 */

const levels = ['confirmed', 'on-record', 'reported', 'unverified'] as const;
let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  mkdirSync(screenshotDir, { recursive: true });
  server = await startDemoServer({ today: '2026-11-30', signIn: false, settings: { publicDelayDays: 14 } });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const newPage = (width?: number, height?: number) => openPage(browser, width, height);
const signIn = (page: Page, userId: string, password: string) => signInAs(page, server.url, userId, password);

/** The words a strip gives for a mix, from the API's basis points. */
function words(points: Record<string, number>): string {
  const percent = (bp: number) => (bp > 0 && bp < 50 ? '<1%' : `${Math.round(bp / 100)}%`);
  return levels.map((level) => `${level} ${percent(points[level] ?? 0)}`).join(' · ');
}

describe.skipIf(!available)('sourcing of aggregate figures in Chromium', () => {
  it("the public overview's figures carry the server's mix and open the packages behind them", async () => {
    const api = (await (await fetch(`${server.url}/api/reports/overview`)).json()) as { totals: { sourcing: Record<string, { basisPoints: Record<string, number> }> } };
    const { page, errors } = await newPage();
    await page.goto(`${server.url}/`);
    await page.getByTestId('overview-figures').waitFor();
    const delivered = page.getByTestId('overview-figures').locator('[data-sourcing="Delivered"]');
    const points = api.totals.sourcing.shipped?.basisPoints as Record<string, number>;
    const single = levels.find((level) => points[level] === 10_000);
    if (single) expect(await delivered.getAttribute('data-level')).toBe(single);
    else expect(await delivered.getAttribute('aria-label')).toContain(words(points));
    expect(await delivered.getAttribute('title')).toMatch(/Reported: EUR [\d,]+/);
    await delivered.click();
    await page.waitForURL(/\/pipeline\?view=table/);
    await page.getByTestId('pipeline-table').waitFor();
    // The pipeline lists each package with its own mix and its badge, which opens its evidence.
    expect(await page.getByTestId('pipeline-table').locator('[data-sourcing]').count()).toBeGreaterThan(0);
    await page.getByTestId('confirmation-package-PURL-DEU-1').click();
    await page.waitForURL(/\/evidence\?kind=package&id=PURL-DEU-1/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a donor's own figures are sourced, and its contributions below have their badges", async () => {
    const { page, errors } = await newPage();
    await signIn(page, 'nl-mod', 'nl-mod-demo-2025');
    await page.goto(`${server.url}/donors/NLD`);
    await page.getByTestId('donor-figures').waitFor();
    const promised = page.getByTestId('donor-figures').locator('[data-sourcing="Promised"]');
    await promised.waitFor();
    expect(await promised.getAttribute('href')).toBe('#donor-contributions-list');
    await page.getByTestId('donor-contributions-table').getByTestId('confirmation-contribution-CON-NLD-1').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a package's figures open its records, each with its badge", async () => {
    const { page, errors } = await newPage();
    await signIn(page, 'nato-cell', 'nato-cell-demo-2025');
    await page.goto(`${server.url}/packages/PURL-NLD-1`);
    await page.getByTestId('package-figures').locator('[data-sourcing]').first().waitFor();
    await page.getByTestId('package-records-table').waitFor();
    for (const kind of ['contribution', 'transfer', 'contract', 'shipment', 'receipt']) {
      expect(await page.getByTestId('package-records-table').locator(`[data-testid^="confirmation-${kind}-"]`).count(), kind).toBeGreaterThan(0);
    }
    // From another page, a package's strip opens the package scrolled to the records behind it.
    await page.goto(`${server.url}/reconciliation?view=packages`);
    const strip = page.locator('a[data-sourcing][href*="#package-records"]').first();
    await strip.click();
    await page.waitForURL(/\/packages\/[^#]+#package-records$/);
    await page.getByTestId('package-records-table').waitFor();
    await page.waitForFunction('document.getElementById("package-records").getBoundingClientRect().top < window.innerHeight && window.scrollY > 0');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the pages with sourced figures read at desktop and phone width, photographed', async () => {
    const pages = ['/', '/pipeline?view=table', '/donors', '/donors/NLD', '/packages/PURL-NLD-1', '/reconciliation', '/flows'];
    for (const [name, width, height] of [['desktop', 1366, 900], ['phone', 390, 844]] as const) {
      for (const reader of ['public', 'nato-cell'] as const) {
        const { page, errors } = await newPage(width, height);
        if (reader !== 'public') await signIn(page, 'nato-cell', 'nato-cell-demo-2025');
        for (const path of pages) {
          await page.goto(`${server.url}${path}`);
          await page.locator('main h1').first().waitFor();
          await page.waitForLoadState('networkidle');
          expect(await page.locator('[data-sourcing]').count(), `${path} as ${reader}`).toBeGreaterThan(0);
          const file = `sourcing-${path === '/' ? 'overview' : path.slice(1).replace(/[/?=&]+/g, '-')}-${reader}-${name}.png`;
          await page.screenshot({ path: join(screenshotDir, file), fullPage: true });
          const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
          expect(overflow, `${path} at ${width}px`).toBeLessThanOrEqual(1);
        }
        expect(errors).toEqual([]);
        await page.context().close();
      }
    }
  }, 120_000);
});

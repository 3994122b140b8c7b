import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, newPage, screenshotDir, signIn } from './support/browser.js';
import { startDemoServer, type DemoServer } from './support/server.js';

/**
 * The "Read articles" page in headless Chromium: the coordinating cell reads two tellings of one
 * story, sees them counted once and their sums set side by side, accepts one candidate (with the
 * publisher it names), rejects another, and is told what is wrong with a bad edit; a donor reads
 * the same report without the means to record it.
 */

let server: DemoServer;
let browser: Browser;

const wire = `Norway to fund more interceptors for Ukraine

OSLO, March 2 (Wire) — Norway will provide NOK 1.5 billion for air-defence interceptors for Ukraine, Defence Minister Tore O. Sandvik said on Monday.
The money comes on top of earlier packages, according to people familiar with the plans.
Denmark has pledged about €200 million for the same purchase, officials who spoke on condition of anonymity said.`;

const herald = `Oslo adds to Ukraine air-defence fund

Ukraine will get NOK 1.2 billion from Norway for air-defence interceptors, Norwegian Defence Minister Tore O. Sandvik announced on Monday, March 2.
The Norwegian parliament still has to approve the spending, a spokesperson for the finance committee said.`;

beforeAll(async () => {
  if (!chromiumAvailable) return;
  mkdirSync(screenshotDir, { recursive: true });
  server = await startDemoServer({ today: '2026-03-05', signIn: false });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function readBoth(page: Page): Promise<void> {
  await page.goto(`${server.url}/ingest`);
  await page.getByTestId('ingest-files').setInputFiles([
    { name: 'wire.txt', mimeType: 'text/plain', buffer: Buffer.from(wire) },
    { name: 'herald.txt', mimeType: 'text/plain', buffer: Buffer.from(herald) },
  ]);
  await page.getByTestId('ingest-file-list').getByText('herald.txt').waitFor();
  await page.getByTestId('ingest-published').fill('2026-03-03');
  await page.getByTestId('ingest-submit').click();
  await page.getByTestId('ingest-report').waitFor();
}

const candidate = (page: Page, text: string) => page.getByTestId('ingest-candidate').filter({ hasText: text });

describe.skipIf(!chromiumAvailable)('reading articles in the dashboard', () => {
  it('the cell sees one story told twice, its two sums side by side, and whose word each claim rests on', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, server.url, 'nato-cell', 'nato-cell-demo-2025');
    await readBoth(page);
    const figure = async (label: string) => (await page.getByTestId('ingest-figures').locator('.figure', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd').first().textContent())?.trim();
    expect(await figure('Articles')).toBe('2');
    expect(await figure('Independent stories')).toBe('1');
    expect(await figure('Contradictions')).toBe('1');
    expect(await page.getByTestId('ingest-story').first().textContent()).toMatch(/One story, 2 articles: herald\.txt, wire\.txt.*rewrite/);
    const contradiction = (await page.getByTestId('ingest-contradiction').textContent()) ?? '';
    expect(contradiction).toContain('NOK 1.2 billion');
    expect(contradiction).toContain('NOK 1.5 billion');
    // The unnamed officials are marked as such, with the source span highlighted in the sentence.
    const denmark = page.getByTestId('ingest-claim').filter({ hasText: 'Denmark has pledged' });
    expect(await denmark.locator('[data-source-type]').first().getAttribute('data-source-type')).toBe('anonymous');
    expect(await denmark.locator('mark.mark-source').textContent()).toBe('officials who spoke on condition of anonymity');
    // The retelling's candidate says it is the same gift.
    expect(await candidate(page, 'Ukraine will get NOK 1.2 billion').textContent()).toContain('record one, not both');
    await page.screenshot({ path: join(screenshotDir, 'ingest-desktop.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('accepting records the source, the contribution and its evidence; rejecting records nothing; a bad edit is refused and named', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, server.url, 'nato-cell', 'nato-cell-demo-2025');
    await readBoth(page);
    await page.getByTestId('ingest-publisher-wire.txt').fill('Wire');
    const before = (await server.store.head()).seq;

    // A bad amount: the server refuses the batch and the field says why.
    const herald = candidate(page, 'Ukraine will get NOK 1.2 billion');
    await herald.getByTestId('candidate-amount').fill('1.2 billion');
    await herald.getByTestId('candidate-accept').click();
    await herald.getByTestId('candidate-error').waitFor();
    expect(await herald.getByTestId('candidate-error').textContent()).toMatch(/amount/);
    expect((await server.store.head()).seq).toBe(before);

    await candidate(page, 'Denmark has pledged').getByTestId('candidate-reject').click();
    expect(await candidate(page, 'Denmark has pledged').getAttribute('data-state')).toBe('rejected');

    const norway = candidate(page, 'Norway will provide NOK 1.5 billion');
    await norway.getByTestId('candidate-accept').click();
    await norway.getByTestId('candidate-recorded').waitFor();
    // The source, the contribution and the evidence: three events.
    expect((await server.store.head()).seq).toBe(before + 3);
    const contributions = (await (await page.request.get(`${server.url}/api/contributions?limit=1000`)).json()) as { items: { id: string; stage: string; donorId: string }[] };
    const recorded = contributions.items.filter((row) => row.id.startsWith('news-'));
    expect(recorded.map((row) => [row.id, row.donorId, row.stage])).toEqual([['news-wire-2', 'NOR', 'announced']]);

    await norway.getByRole('link', { name: 'its evidence' }).click();
    await page.getByTestId('evidence-list').waitFor();
    expect(await page.getByTestId('evidence-level').locator('[data-level]').getAttribute('data-level')).toBe('on-record');
    expect(await page.getByTestId('evidence-item').first().textContent()).toContain('Wire');
    // The refused batch is the one failed request (the browser logs its 400).
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);

    // Read again: the accepted candidate is shown as recorded.
    await readBoth(page);
    expect(await candidate(page, 'Norway will provide NOK 1.5 billion').getAttribute('data-state')).toBe('accepted');
    await page.context().close();
  });

  it('a donor reads the report but cannot record it; the page fits a phone', async () => {
    const { page, errors } = await newPage(browser, 390, 844);
    await signIn(page, server.url, 'nl-mod', 'nl-mod-demo-2025');
    await readBoth(page);
    expect(await page.getByTestId('ingest-candidates').textContent()).toContain('Only the coordinating cell and admins record');
    expect(await page.getByTestId('candidate-accept').count()).toBe(0);
    await page.screenshot({ path: join(screenshotDir, 'ingest-phone.png'), fullPage: true });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the public is asked to sign in', async () => {
    const { page } = await newPage(browser);
    await page.goto(`${server.url}/ingest`);
    await page.getByTestId('ingest-text').fill(herald);
    await page.getByTestId('ingest-submit').click();
    expect(await page.getByTestId('ingest-error').textContent()).toMatch(/sign in/i);
    await page.context().close();
  });
});

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Headless Chromium for the dashboard tests: Debian's, never a downloaded one. Without it the
 * browser tests are skipped with a notice; with CI=true its absence fails the run.
 */

export const chromiumPath = process.env.AIDTRACE_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(chromiumPath);
if (!chromiumAvailable && process.env.CI === 'true') throw new Error(`CI=true but no Chromium at ${chromiumPath}; .ci/run installs Debian's chromium package`);
if (!chromiumAvailable) console.warn(`notice: no Chromium at ${chromiumPath}; the browser tests are skipped (apt-get install chromium, or set AIDTRACE_CHROMIUM)`);
if (!existsSync(join(import.meta.dirname, '..', '..', 'web', 'dist', 'index.html'))) throw new Error('web/dist is missing: npm install builds it (npm run build:web)');

/** Where pages are photographed. */
export const screenshotDir = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A fresh browser context (its own cookies) with page errors collected. */
export async function newPage(browser: Browser, width = 1366, height = 900): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 40[13]/.test(message.text())) errors.push(message.text());
  });
  return { page, errors };
}

export async function signIn(page: Page, baseUrl: string, userId: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-user').fill(userId);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('who').waitFor();
}

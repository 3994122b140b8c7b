import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHead } from '../src/application/checkpoints.js';
import { cosign, generateSignerKey, parseSignerKey } from '../src/audit/checkpoint.js';
import { verifyChain } from '../src/audit/verify.js';
import { chromiumAvailable as available, launchChromium, newPage as openPage, screenshotDir, signIn as signInAs } from './support/browser.js';
import { demoCommands } from '../src/demo/purl.js';
import { startDemoServer, type DemoServer } from './support/server.js';

/**
 * The dashboard in headless Chromium (Debian's, never a downloaded one), over the real server on
 * the demo ledger: the people who enter data do their day's work through the forms, and the
 * pages show what they did; the public sees delivered totals and nothing in transit. Every page
 * is photographed at desktop and phone width into test-results/.
 */

const shots = screenshotDir;
const today = '2026-11-30';
let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  mkdirSync(shots, { recursive: true });
  // Today is 2026-11-30 and the public delay 14 days: a handover on 2026-11-01 is public.
  server = await startDemoServer({ today, signIn: false, settings: { publicDelayDays: 14 } });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const newPage = (width?: number, height?: number) => openPage(browser, width, height);
const signIn = (page: Page, userId: string, password: string) => signInAs(page, server.url, userId, password);

/** Fills a form on /record: `fields` by body path, then submits and waits for the outcome. */
async function record(page: Page, form: string, fields: Record<string, string | boolean>): Promise<string> {
  if (!page.url().endsWith(`/record?form=${form}`)) await page.goto(`${server.url}/record?form=${form}`);
  const scope = page.getByTestId(`form-${form}`);
  await scope.waitFor();
  for (const [path, value] of Object.entries(fields)) {
    const field = scope.getByTestId(`field-${path}`);
    const tag = await field.evaluate((element) => (element as unknown as { tagName: string }).tagName.toLowerCase());
    if (typeof value === 'boolean') await field.setChecked(value);
    else if (tag === 'select') await field.selectOption(value);
    else await field.fill(value);
  }
  await scope.getByTestId('form-submit').click();
  const outcome = scope.locator('[data-testid="form-done"], [data-testid="form-error"], .field-error').first();
  await outcome.waitFor();
  return (await outcome.textContent()) ?? '';
}

/** The text of a figure card ("Delivered" → "EUR 916,670,555"). */
async function figure(page: Page, testId: string, label: string): Promise<string> {
  const card = page.getByTestId(testId).locator('.figure', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`, 'i') }) });
  return ((await card.locator('dd').first().textContent()) ?? '').trim();
}

function units(text: string): bigint {
  return BigInt(text.replace(/[^\d]/g, '') || '0');
}

describe.skipIf(!available)('dashboard in Chromium', () => {
  /** Overview figures before the day's work, as the public and as the coordinating cell see them. */
  let before: { delivered: bigint; accepted: bigint };
  let cellBefore: { delivered: bigint; accepted: bigint };

  it('shows the public overview without signing in', async () => {
    const { page, errors } = await newPage();
    await page.goto(server.url);
    await page.getByTestId('overview-figures').waitFor();
    before = {
      delivered: units(await figure(page, 'overview-figures', 'Delivered')),
      accepted: units(await figure(page, 'overview-figures', 'Accepted')),
    };
    expect(before.delivered).toBeGreaterThan(0n);
    expect(await page.getByTestId('sign-in-link').isVisible()).toBe(true);
    expect(await page.locator('nav a', { hasText: 'Record' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a field the server refuses is marked with its reason, and nothing is written', async () => {
    const { page } = await newPage();
    await signIn(page, 'nl-mod', 'nl-mod-demo-2025');
    const head = await server.store.head();
    const message = await record(page, 'contribution', {
      contributionId: 'CON-WEB-BAD', 'value.amount': '10.001', 'value.currency': 'EUR', at: '2026-10-01', category: 'demining', description: 'bad amount',
    });
    expect(message).toMatch(/decimal places/);
    const field = page.getByTestId('form-contribution').locator('.field.has-error');
    expect(await field.count()).toBe(1);
    expect(await field.locator('label').textContent()).toMatch(/Amount/);
    expect(await server.store.head()).toEqual(head);
    await page.context().close();
  });

  it('a coordinator proposes and approves a package', async () => {
    const { page } = await newPage();
    await signIn(page, 'nato-cell', 'nato-cell-demo-2025');
    await page.goto(server.url);
    await page.getByTestId('overview-figures').waitFor();
    cellBefore = {
      delivered: units(await figure(page, 'overview-figures', 'Delivered')),
      accepted: units(await figure(page, 'overview-figures', 'Accepted')),
    };
    // The cell sees goods the public does not see yet.
    expect(cellBefore.delivered).toBeGreaterThan(before.delivered);
    // A second line row, left empty, is not sent.
    await page.goto(`${server.url}/record?form=package`);
    await page.getByTestId('add-line').click();
    expect(await page.getByTestId('field-lines[1].lineId').isVisible()).toBe(true);
    expect(
      await record(page, 'package', {
        packageId: 'PK-WEB-1', title: 'Demining kits (browser test)', recipientId: 'UKR', coordinatorId: 'NATO', currency: 'EUR', proposedAt: '2026-10-01',
        'lines[0].lineId': 'L-1', 'lines[0].item': 'Demining kit', 'lines[0].category': 'demining', 'lines[0].quantity': '10', 'lines[0].unitValue': '100000.00',
      }),
    ).toMatch(/Recorded: PackageProposed/);
    expect(await record(page, 'approve', { packageId: 'PK-WEB-1', at: '2026-10-02' })).toMatch(/Recorded/);
    await page.context().close();
  });

  it('a donor signs in and records a contribution and its payment', async () => {
    const { page, errors } = await newPage();
    await signIn(page, 'nl-mod', 'nl-mod-demo-2025');
    expect(await page.getByTestId('who').textContent()).toMatch(/nl-mod · donor · NLD/);
    expect(
      await record(page, 'contribution', {
        contributionId: 'CON-WEB-1', kind: 'money', stage: 'committed', 'value.amount': '1000000.00', 'value.currency': 'EUR', at: '2026-10-03',
        category: 'demining', description: 'Demining kits', packageId: 'PK-WEB-1',
      }),
    ).toMatch(/Recorded: ContributionRecorded/);
    // The donor's own account is filled in from the signed-in party.
    await page.goto(`${server.url}/record?form=transfer`);
    expect(await page.getByTestId('field-fromAccount').inputValue()).toBe('donor:NLD');
    expect(
      await record(page, 'transfer', { toAccount: 'package:PK-WEB-1', 'amount.amount': '1000000.00', 'amount.currency': 'EUR', valueDate: '2026-10-05', contributionId: 'CON-WEB-1' }),
    ).toMatch(/Recorded: TransferRecorded/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a coordinator records the contract, a shipment and its handover', async () => {
    const { page } = await newPage();
    await signIn(page, 'nato-cell', 'nato-cell-demo-2025');
    expect(
      await record(page, 'contract', {
        contractId: 'C-WEB-1', packageId: 'PK-WEB-1', producerId: 'USA', currency: 'EUR', signedOn: '2026-10-06', deliveryDue: '2026-12-31',
        'lines[0].lineId': 'CL-1', 'lines[0].packageLineId': 'L-1', 'lines[0].quantity': '10', 'lines[0].unitPrice': '100000.00',
      }),
    ).toMatch(/Recorded: ContractSigned/);
    expect(
      await record(page, 'shipment', {
        shipmentId: 'S-WEB-1', contractId: 'C-WEB-1', dispatchedAt: '2026-10-20', expectedBy: '2026-11-10', route: 'Secret corridor W-7',
        'lines[0].contractLineId': 'CL-1', 'lines[0].quantity': '10',
      }),
    ).toMatch(/Recorded: ShipmentDispatched/);
    expect(await record(page, 'milestone', { shipmentId: 'S-WEB-1', kind: 'handed_over', at: '2026-11-01', location: 'Handover point H-3' })).toMatch(/Recorded/);
    await page.context().close();
  });

  it('the recipient records a receipt with a rejected line', async () => {
    const { page } = await newPage();
    await signIn(page, 'ua-logistics', 'ua-logistics-demo-2025');
    expect(
      await record(page, 'receipt', {
        receiptId: 'R-WEB-1', shipmentId: 'S-WEB-1', receivedAt: '2026-11-03',
        'lines[0].contractLineId': 'CL-1', 'lines[0].accepted': '9', 'lines[0].rejected': '1', 'lines[0].reason': 'damaged in transit',
      }),
    ).toMatch(/Recorded: ReceiptRecorded/);
    await page.context().close();
  });

  it('the overview, flows and donor page show the new figures', async () => {
    const { page, errors } = await newPage();
    await signIn(page, 'nato-cell', 'nato-cell-demo-2025');
    await page.goto(server.url);
    await page.getByTestId('overview-figures').waitFor();
    // EUR 1,000,000 delivered, EUR 900,000 accepted, on top of what was there.
    expect(units(await figure(page, 'overview-figures', 'Delivered')) - cellBefore.delivered).toBe(1_000_000n);
    expect(units(await figure(page, 'overview-figures', 'Accepted')) - cellBefore.accepted).toBe(900_000n);

    await page.goto(`${server.url}/flows?by=delivered`);
    await page.getByTestId('flows-table').waitFor();
    const flow = page.getByTestId('flows-table').locator('tr', { hasText: 'Demining kits (browser test)' });
    expect(await flow.count()).toBeGreaterThanOrEqual(2);
    expect(await flow.first().textContent()).toMatch(/EUR 1,000,000.*EUR 900,000/);

    await page.goto(`${server.url}/donors/NLD`);
    await page.getByTestId('donor-packages-table').waitFor();
    const row = page.getByTestId('donor-packages-table').locator('tr', { hasText: 'PK-WEB-1' });
    expect(await row.textContent()).toMatch(/EUR 1,000,000.*EUR 900,000/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an anonymous visitor sees the delivered totals but nothing in transit', async () => {
    const { page } = await newPage();
    await page.goto(server.url);
    await page.getByTestId('overview-figures').waitFor();
    // Handed over 29 days ago, past the 14-day delay: the public sees the goods too.
    expect(units(await figure(page, 'overview-figures', 'Delivered')) - before.delivered).toBe(1_000_000n);
    expect(units(await figure(page, 'overview-figures', 'Accepted')) - before.accepted).toBe(900_000n);
    const seen: string[] = [];
    for (const path of ['/', '/flows', '/pipeline', '/pipeline?view=table', '/donors', '/donors/NLD', '/reconciliation', '/reconciliation?view=packages', '/packages/PURL-NORDIC-1', '/packages/PK-WEB-1', '/audit']) {
      await page.goto(`${server.url}${path}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      seen.push(await page.locator('body').innerText());
    }
    const text = seen.join('\n');
    for (const secret of ['Secret corridor W-7', 'Handover point H-3', 'Patriot PAC-3 MSE interceptor']) expect(text).not.toContain(secret);
    // PURL-NORDIC-1 has a shipment on the move: how long it has been delivering is withheld.
    expect(text).toContain('days in stage withheld while goods move');
    await page.goto(`${server.url}/requirements`);
    expect(await page.getByTestId('problem').textContent()).toMatch(/Sign in/);
    await page.context().close();
  });

  it("a donor ministry reads its reconciliation: its own figures first, the chart, the table and the CSV", async () => {
    const { page, errors } = await newPage(1366, 1160);
    await signIn(page, 'nl-mod', 'nl-mod-demo-2025');
    type Figures = { disbursed: string; traced: string; untraced: string; tracedPercent: string | null };
    const api = (await (await page.request.get(`${server.url}/api/reports/reconciliation`)).json()) as {
      rows: (Figures & { level: string; id: string; name: string })[];
      totals: Figures;
    };
    /** Whole units of a decimal string, rounded half up as the dashboard shows them. */
    const whole = (amount: string) => BigInt(amount.split('.')[0] as string) + ((amount.split('.')[1] ?? '0') >= '5' ? 1n : 0n);
    const nl = api.rows.find((row) => row.level === 'donor' && row.id === 'NLD') as Figures;
    await page.goto(`${server.url}/reconciliation`);
    await page.getByTestId('reconciliation-figures').waitFor();
    // The Dutch ministry opens on the Netherlands.
    expect(await page.getByTestId('reconciliation-donor').inputValue()).toBe('NLD');
    expect(units(await figure(page, 'reconciliation-figures', 'Disbursed'))).toBe(whole(nl.disbursed));
    expect(units(await figure(page, 'reconciliation-figures', 'Traced to accepted goods'))).toBe(whole(nl.traced));
    expect(units(await figure(page, 'reconciliation-figures', 'Not yet traced'))).toBe(whole(nl.untraced));
    expect(await page.getByTestId('reconciliation-figures').textContent()).toContain(`${nl.tracedPercent} % of disbursed`);
    // All donors: the totals, a funnel of six stages and a bar per donor.
    await page.getByTestId('reconciliation-donor').selectOption('all');
    expect(units(await figure(page, 'reconciliation-figures', 'Traced to accepted goods'))).toBe(whole(api.totals.traced));
    expect(page.url()).toMatch(/donor=all/);
    await page.getByTestId('chart-reconciliation-funnel').locator('svg text', { hasText: 'Accepted' }).waitFor();
    expect(await page.getByTestId('reconciliation-stages').locator('tbody tr').count()).toBe(6);
    const donors = api.rows.filter((row) => row.level === 'donor');
    for (const donor of donors) await page.getByTestId('chart-reconciliation-aging').locator('svg text', { hasText: donor.name }).waitFor();
    await page.waitForLoadState('networkidle');
    // The picture in the README: what a donor ministry sees first.
    await page.screenshot({ path: join(shots, 'reconciliation-donor-ministry.png'), clip: { x: 0, y: 0, width: 1366, height: 1160 } });
    expect(await page.getByTestId('reconciliation-table').locator('tbody tr').count()).toBe(donors.length);
    await page.getByTestId('reconciliation-view-packages').click();
    expect(await page.getByTestId('reconciliation-table').locator('tbody tr').count()).toBe(api.rows.length - donors.length);
    // The download is the server's CSV: every donor and package row under a header, exact amounts.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reconciliation-download').click()]);
    const csv = readFileSync((await download.path()) as string, 'utf8').split('\r\n').filter((line) => line !== '');
    expect(csv[0]).toMatch(/^level,id,name,pledged,committed,disbursed,contracted,shipped,accepted,traced,tracedPercent,untraced,/);
    expect(csv).toHaveLength(api.rows.length + 1);
    expect(csv.find((line) => line.startsWith('donor,NLD,'))).toContain(`,${nl.disbursed},`);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an auditor sees the chain, the projections and the tree verified, and the latest checkpoint with its witness', async () => {
    const log = parseSignerKey(generateSignerKey('aidtrace.test/browser').signer);
    const witness = generateSignerKey('witness.example');
    const kept = await signHead(server.store, log, server.clock);
    await server.store.checkpoints.add({ ...kept, note: cosign(kept.note, witness.signer) });
    const { page, errors } = await newPage();
    await signIn(page, 'auditor', 'auditor-demo-2025');
    await page.goto(`${server.url}/audit`);
    const status = page.getByTestId('verify-status');
    await status.waitFor();
    const verified = await verifyChain(server.store);
    expect(await status.textContent()).toContain('Chain and projections verified');
    expect(await status.textContent()).toContain(verified.treeRoot);
    const checkpoint = page.getByTestId('checkpoint');
    await checkpoint.waitFor();
    const text = (await checkpoint.textContent()) ?? '';
    expect(text).toContain(`first ${kept.size.toLocaleString('en-GB')} events`);
    expect(text).toContain('signed by aidtrace.test/browser');
    expect(text).toContain('cosigned by witness.example');
    expect(text).toContain(kept.rootHash);
    await page.screenshot({ path: join(shots, 'audit-checkpoint.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a table filters, sorts and exports CSV, and its URL carries the view', async () => {
    const { page } = await newPage();
    await signIn(page, 'auditor', 'auditor-demo-2025');
    await page.goto(`${server.url}/pipeline?view=table`);
    const table = page.getByTestId('pipeline-table');
    await table.waitFor();
    await page.getByTestId('pipeline-filter').fill('PURL');
    await page.getByRole('button', { name: /^Funding gap/ }).click();
    await page.getByRole('button', { name: /^Funding gap/ }).click();
    expect(page.url()).toMatch(/pipeline\.q=PURL/);
    expect(page.url()).toMatch(/pipeline\.sort=-fundingGap/);
    const firstRow = async () => ((await table.locator('tbody tr').first().textContent()) ?? '');
    // Largest funding gap first: the illustrative package 5.
    expect(await firstRow()).toContain('PURL-ILL-5');
    const shown = await table.locator('tbody tr').count();
    expect(shown).toBe(5);

    // The same URL in a fresh page gives the same view.
    const { page: shared } = await newPage();
    await signIn(shared, 'auditor', 'auditor-demo-2025');
    await shared.goto(page.url());
    await shared.getByTestId('pipeline-table').waitFor();
    expect(await shared.getByTestId('pipeline-filter').inputValue()).toBe('PURL');
    expect(await shared.getByTestId('pipeline-table').locator('tbody tr').count()).toBe(shown);
    await shared.context().close();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pipeline-csv').click()]);
    const csv = readFileSync((await download.path()) as string, 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^Package,Stage,Days in stage,Value \(EUR\),/);
    expect(csv.filter((line) => line !== '')).toHaveLength(shown + 1);
    // Exact amounts in the CSV, not the rounded ones on screen.
    expect(csv[1]).toMatch(/^PURL-ILL-5,approved,\d+,\d+\.\d{2},/);
    await page.context().close();
  });

  it('the coordinating cell checks a file, imports it once, and is told where a bad file is wrong', async () => {
    const { page, errors } = await newPage();
    await signIn(page, 'nato-cell', 'nato-cell-demo-2025');
    await page.goto(`${server.url}/data`);
    const form = page.getByTestId('import');
    await form.getByTestId('import-format').selectOption('fx');
    await form.getByTestId('import-file').setInputFiles(join(import.meta.dirname, 'fixtures', 'fx', 'eurofxref-sample.csv'));
    const before = await server.store.head();
    await form.getByTestId('import-check').click();
    const summary = form.getByTestId('import-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/^27 records would be created, 0 already in the ledger — a check: nothing was written\.skipped 1: days without a rate/);
    expect(await server.store.head()).toEqual(before);
    await page.screenshot({ path: join(shots, 'data-import-check-desktop.png'), fullPage: true });
    await form.getByTestId('import-run').click();
    await page.getByText('27 records created').waitFor();
    await form.getByTestId('import-run').click();
    await page.getByText('0 records created, 27 already in the ledger').waitFor();
    const afterImport = await server.store.head();
    await form.getByTestId('import-file').setInputFiles(join(import.meta.dirname, 'fixtures', 'fx', 'bad-rate.csv'));
    await form.getByTestId('import-run').click();
    const error = form.getByTestId('import-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/bad-rate\.csv:3:3 JPY: "one hundred" is not a positive decimal rate/);
    expect(await server.store.head()).toEqual(afterImport);
    // The export offers the ledger back in the same formats.
    await page.getByTestId('export-format').selectOption('fx');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
    expect(readFileSync((await download.path()) as string, 'utf8')).toMatch(/^Date,.*USD/);
    // The refused file is the one failed request (the browser logs its 400).
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await page.context().close();
  });

  it('a figure shows how well it is sourced and links to its evidence; evidence recorded through the API raises its level', async () => {
    const { page, errors } = await newPage();
    const badge = page.getByTestId('confirmation-package-PURL-ILL-5');
    await page.goto(`${server.url}/packages/PURL-ILL-5`);
    await badge.waitFor();
    expect(await badge.getAttribute('data-level')).toBe('unverified');
    expect((await badge.textContent())?.trim()).toMatch(/Unverified$/);
    // The coordinating cell records a government statement and ties the package to its words.
    await signIn(page, 'nato-cell', 'nato-cell-demo-2025');
    const post = async (path: string, key: string, data: unknown) => {
      const response = await page.request.post(`${server.url}${path}`, { data, headers: { 'idempotency-key': key } });
      expect(response.status(), await response.text()).toBe(201);
    };
    const excerpt = 'Norway, Denmark and Sweden will fund a fifth PURL package of air-defence interceptors (browser test).';
    await post('/api/source-documents', 'browser-src-1', {
      sourceId: 'SRC-BROWSER-1', kind: 'official-statement', publisher: 'Ministry of Defence (browser test)', title: 'Statement on PURL package 5', publishedOn: '2026-03-16', locator: 'https://example.org/browser-test',
    });
    await post('/api/evidence', 'browser-ev-1', { recordKind: 'package', recordId: 'PURL-ILL-5', sourceId: 'SRC-BROWSER-1', excerpt, sourceType: 'organisation', speaker: 'Ministry of Defence', claim: 'stage' });
    // The public sees the new level on the pipeline table and opens the evidence from the badge.
    const visitor = await newPage();
    await visitor.page.goto(`${server.url}/pipeline?view=table`);
    const row = visitor.page.getByTestId('pipeline-table').getByTestId('confirmation-package-PURL-ILL-5');
    await visitor.page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null } }).document.querySelector('[data-testid="pipeline-table"] [data-testid="confirmation-package-PURL-ILL-5"]')?.getAttribute('data-level') === 'confirmed');
    expect((await row.textContent())?.trim()).toMatch(/Confirmed$/);
    await row.click();
    await visitor.page.getByTestId('evidence-list').waitFor();
    expect(visitor.page.url()).toContain('/evidence?kind=package&id=PURL-ILL-5');
    expect(await visitor.page.getByTestId('evidence-level').locator('[data-level]').getAttribute('data-level')).toBe('confirmed');
    const items = visitor.page.getByTestId('evidence-item');
    const texts = await items.allTextContents();
    const ours = texts.find((text) => text.includes(excerpt));
    expect(ours).toBeDefined();
    expect(ours).toContain('Ministry of Defence (browser test)');
    expect(ours).toContain('2026-03-16');
    // The demo's post with no publisher stays listed beside it, unverified.
    expect(texts.some((text) => text.includes('no publisher') && text.includes('Unverified'))).toBe(true);
    expect(errors).toEqual([]);
    expect(visitor.errors).toEqual([]);
    await visitor.page.context().close();
    await page.context().close();
  });

  it("the evidence page shows a contribution's level by stage, and the evidence of a transfer", async () => {
    const { page, errors } = await newPage();
    await signIn(page, 'nato-cell', 'nato-cell-demo-2025');
    await page.goto(`${server.url}/evidence?kind=contribution&id=CON-NOR-1`);
    await page.getByTestId('evidence-stages').waitFor();
    const rows = page.getByTestId('evidence-stage');
    const stages = [];
    for (let index = 0; index < (await rows.count()); index += 1) stages.push([await rows.nth(index).getAttribute('data-stage'), await rows.nth(index).getAttribute('data-level')]);
    expect(stages).toEqual([['announced', 'unverified'], ['committed', 'on-record'], ['disbursed', 'reported']]);
    expect(await page.getByTestId('evidence-level').locator('[data-level]').getAttribute('data-level')).toBe('reported');
    expect(await rows.nth(2).textContent()).toContain('Example Daily (illustrative)');
    expect((await page.getByTestId('evidence-list').textContent()) ?? '').toContain('backs the disbursed stage only');
    const payment = String(demoCommands().find((command) => command.type === 'RecordTransfer' && command.fromAccount === 'donor:NLD')?.id);
    await page.goto(`${server.url}/evidence?kind=transfer&id=${payment}`);
    await page.getByTestId('evidence-list').waitFor();
    expect(await page.getByTestId('evidence-level').locator('[data-level]').getAttribute('data-level')).toBe('confirmed');
    expect(await page.getByTestId('evidence-item').first().textContent()).toContain('PURL fund administrator (illustrative)');
    expect(await page.getByTestId('evidence-stages').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('every page renders at desktop and phone width, photographed into test-results/', async () => {
    const pages = ['/', '/flows', '/pipeline', '/requirements', '/donors', '/donors/NLD', '/reconciliation', '/evidence?kind=package&id=PURL-DEU-1', '/packages/PURL-NLD-1', '/audit?record=PURL-NLD-1', '/record?form=contract', '/data', '/login'];
    for (const [name, width, height] of [['desktop', 1366, 900], ['phone', 390, 844]] as const) {
      const { page, errors } = await newPage(width, height);
      await signIn(page, 'nato-cell', 'nato-cell-demo-2025');
      for (const path of pages) {
        await page.goto(`${server.url}${path}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        const file = `${path === '/' ? 'overview' : path.slice(1).replace(/[/?=&]+/g, '-')}-${name}.png`;
        await page.screenshot({ path: join(shots, file), fullPage: true });
        // Nothing wider than the screen except inside scrollable tables and boards.
        // Runs in the page, where the DOM exists; this project's Node types do not declare it.
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
        expect(overflow, `${path} at ${width}px`).toBeLessThanOrEqual(1);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../src/contract/commands.js';
import { DomainError } from '../src/domain/errors.js';
import { iatiExporter, iatiImporter } from '../src/io/iati/index.js';
import { rowsOf } from '../src/io/format.js';
import { importFiles } from '../src/io/run.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { temporaryLedgers } from './support/ledgers.js';

/** IATI 2.03 activity files: the IATI schema's own test files and examples when present, and the project's own fixtures. */

const fixtures = join(import.meta.dirname, 'fixtures', 'iati');
const shared = join(import.meta.dirname, '..', '..', 'shared', 'data', 'iati');
const present = existsSync(join(shared, 'tests', 'should-pass')) && existsSync(join(shared, 'schema', 'iati-activities-schema.xsd'));
if (!present && process.env.CI === 'true') throw new Error(`${shared}: the IATI schema, tests and examples are missing, and CI must not skip them`);
if (!present) console.warn(`import-iati: ${shared} is absent; the tests on IATI's schema, test files and examples are skipped`);
const schema = join(shared, 'schema', 'iati-activities-schema.xsd');
const xmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!xmllint && process.env.CI === 'true') throw new Error('xmllint is missing, and CI must validate the IATI export against the schema');
if (!xmllint) console.warn('import-iati: xmllint is absent; the schema validation of the export is skipped');

const { dir, fresh } = temporaryLedgers('iati');

const fixture = (name: string) => join(fixtures, name);
const xmlFiles = (folder: string): string[] =>
  readdirSync(folder)
    .flatMap((name) => (statSync(join(folder, name)).isDirectory() ? xmlFiles(join(folder, name)) : name.endsWith('.xml') ? [join(folder, name)] : []))
    .sort();

const contributions = (store: SqliteStore) => rowsOf(store, 'contribution');
const parties = (store: SqliteStore) => rowsOf(store, 'party');
const provenance = (store: SqliteStore) => rowsOf(store, 'provenance');

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

async function exportTo(store: SqliteStore, file: string): Promise<string> {
  const parts: string[] = [];
  await iatiExporter.write(store, (text) => void parts.push(text), {});
  writeFileSync(file, parts.join(''));
  return parts.join('');
}

function validates(file: string): { ok: boolean; output: string } {
  const result = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

describe('IATI: the project fixtures', () => {
  it('a donor file: pledge, commitment, disbursement and expenditure as contributions, with parties and provenance', async () => {
    const { store, ledger } = await fresh();
    const summary = await importFiles(ledger, iatiImporter, [fixture('donor.xml')]);
    // Parties: the ministry, the relief agency, the kitchen (a slug of its name), Ukraine; four transactions.
    expect(summary).toMatchObject({ created: 8, alreadyInLedger: 0, merged: {}, skipped: { 'budgets and planned disbursements (plans, not flows)': 1 }, dryRun: false });
    const rows = await contributions(store);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get('iati:XM-EXAMPLE-DONOR-ACT1:tx:p1')).toMatchObject({ stage: 'announced', amountMinor: 200000000n, currency: 'EUR', donorId: 'org:XM-EXAMPLE-DONOR', recipientId: 'UKR', category: 'emergency response', description: 'Winter emergency relief' });
    expect(byId.get('iati:XM-EXAMPLE-DONOR-ACT1:tx:c1')).toMatchObject({ stage: 'committed', amountMinor: 100000000n });
    const flow = byId.get('iati:flow:XM-EXAMPLE-DONOR-ACT1/XM-EXAMPLE-IMPL-ACT9:2024-02-01:400000.00EUR');
    expect(flow).toMatchObject({ stage: 'disbursed', amountMinor: 40000000n, announcedOn: '2024-02-01' });
    // 1250.125 EUR has a third decimal: rounded half to even to 1250.12; the transaction's own sector (DAC 121) wins.
    expect(byId.get('iati:XM-EXAMPLE-DONOR-ACT1:tx:e1')).toMatchObject({ stage: 'disbursed', amountMinor: 125012n, category: 'health' });
    const partyRows = await parties(store);
    expect(partyRows.map((row) => row.id).sort()).toEqual(['UKR', 'org:XM-EXAMPLE-DONOR', 'org:XM-EXAMPLE-IMPL', 'org:kharkiv-community-kitchen']);
    expect(partyRows.find((row) => row.id === 'UKR')).toMatchObject({ kind: 'state', roles: 'recipient', country: 'UKR', name: 'Ukraine' });
    const sources = await provenance(store);
    expect(sources.find((row) => row.recordId === 'iati:XM-EXAMPLE-DONOR-ACT1:tx:c1')).toMatchObject({
      dataset: 'IATI activity file',
      file: 'donor.xml',
      locator: '/iati-activities/iati-activity[1]/transaction[2]',
      publisher: 'XM-EXAMPLE-DONOR',
      publisherRef: 'XM-EXAMPLE-DONOR-ACT1#c1',
    });
    expect(sources.find((row) => row.recordId === 'org:kharkiv-community-kitchen')).toMatchObject({ locator: '/iati-activities/iati-activity[1]/participating-org[3]', publisherRef: 'XM-EXAMPLE-DONOR-ACT1' });
  });

  it('the same flow reported by donor and implementer, in two imports: recorded once, the second report cited', async () => {
    const { store, ledger } = await fresh();
    await importFiles(ledger, iatiImporter, [fixture('donor.xml')]);
    const second = await importFiles(ledger, iatiImporter, [fixture('implementer.xml')]);
    // The agency's second disbursement (to the kitchen, no ref) is new; its incoming funds are the donor's tranche.
    expect(second.merged).toEqual({ 'same flow reported by provider and receiver (provider-activity-id / receiver-activity-id)': 1 });
    expect(second.created).toBe(2);
    const rows = await contributions(store);
    expect(rows).toHaveLength(5);
    const flowId = 'iati:flow:XM-EXAMPLE-DONOR-ACT1/XM-EXAMPLE-IMPL-ACT9:2024-02-01:400000.00EUR';
    expect(rows.filter((row) => row.amountMinor === 40000000n).map((row) => row.id)).toEqual([flowId]);
    expect(rows.find((row) => row.id === 'iati:XM-EXAMPLE-IMPL-ACT9:tx-on:2024-03-10:50000.00EUR')).toMatchObject({ donorId: 'org:XM-EXAMPLE-IMPL', recipientId: 'UKR', stage: 'disbursed' });
    const cited = (await provenance(store)).filter((row) => row.recordId === flowId);
    expect(cited.map((row) => [row.file, row.locator, row.publisher, row.publisherRef])).toEqual([
      ['donor.xml', '/iati-activities/iati-activity[1]/transaction[3]', 'XM-EXAMPLE-DONOR', 'XM-EXAMPLE-DONOR-ACT1#d1'],
      ['implementer.xml', '/iati-activities/iati-activity[1]/transaction[1]', 'XM-EXAMPLE-IMPL', 'XM-EXAMPLE-IMPL-ACT9#in-1'],
    ]);
    expect(cited[1]?.note).toMatch(/incoming funds reported in XM-EXAMPLE-IMPL-ACT9/);

    // Importing either file again changes nothing.
    const head = await store.head();
    for (const name of ['donor.xml', 'implementer.xml']) {
      const again = await importFiles(ledger, iatiImporter, [fixture(name)]);
      expect(again.created).toBe(0);
      expect(again.alreadyInLedger).toBeGreaterThan(0);
    }
    expect(await store.head()).toEqual(head);
  });

  it('the implementer first, both files in one import: still one flow, recorded by the first report read', async () => {
    const { store, ledger } = await fresh();
    const summary = await importFiles(ledger, iatiImporter, [fixture('implementer.xml'), fixture('donor.xml')]);
    expect(summary.merged).toEqual({ 'same flow reported by provider and receiver (provider-activity-id / receiver-activity-id)': 1 });
    const rows = await contributions(store);
    expect(rows).toHaveLength(5);
    const flow = rows.find((row) => row.id.startsWith('iati:flow:'));
    expect(flow).toMatchObject({ description: 'Shelter programme, eastern Ukraine', donorId: 'org:XM-EXAMPLE-DONOR' });
    const head = await store.head();
    const again = await importFiles(ledger, iatiImporter, [fixture('implementer.xml'), fixture('donor.xml')]);
    // Parties already in the ledger are not registered again; the contributions and the citation replay.
    expect(again).toMatchObject({ created: 0, alreadyInLedger: 6 });
    expect(await store.head()).toEqual(head);
  });

  it('a dry run says what it would create and writes nothing', async () => {
    const { store, ledger } = await fresh();
    const summary = await importFiles(ledger, iatiImporter, [fixture('donor.xml'), fixture('implementer.xml')], { dryRun: true });
    expect(summary).toMatchObject({ created: 10, dryRun: true });
    expect(summary.merged).toEqual({ 'same flow reported by provider and receiver (provider-activity-id / receiver-activity-id)': 1 });
    expect((await store.head()).seq).toBe(0);
    expect(await contributions(store)).toHaveLength(0);
  });

  it('types that are not flows of aid (loan repayment, interest) are skipped and counted', async () => {
    const { store, ledger } = await fresh();
    const summary = await importFiles(ledger, iatiImporter, [fixture('unsupported-type.xml')]);
    expect(summary.skipped).toEqual({ 'transaction type 6 (loan repayment) is not a flow of aid': 1, 'transaction type 5 (interest payment) is not a flow of aid': 1 });
    const rows = await contributions(store);
    expect(rows.map((row) => [row.id, row.amountMinor, row.currency, row.category, row.recipientId])).toEqual([['iati:XM-EXAMPLE-BANK-LOAN7:tx:l1', 300000000n, 'USD', 'reconstruction', 'UKR']]);
  });

  it('a bad value is named by file, line, XPath and field, and nothing of the import is written', async () => {
    const { store, ledger } = await fresh();
    const error = await rejection(importFiles(ledger, iatiImporter, [fixture('donor.xml'), fixture('bad-value.xml')]));
    expect(error.message).toMatch(/bad-value\.xml:19 \/iati-activities\/iati-activity\[1\]\/transaction\[2\]\/value\[1\] value: "12,500\.00" is not a decimal number/);
    expect((await store.head()).seq).toBe(0);
  });

  it('a transaction without a currency, in an activity without a default-currency, is refused', async () => {
    const { store, ledger } = await fresh();
    const error = await rejection(importFiles(ledger, iatiImporter, [fixture('no-currency.xml')]));
    expect(error.message).toMatch(/no-currency\.xml:14 \/iati-activities\/iati-activity\[1\]\/transaction\[1\]\/value\[1\] value\/@currency: no currency, and the activity has no default-currency/);
    expect((await store.head()).seq).toBe(0);
  });

  it('a recipient state that is in the ledger as a donor only is given the recipient role, citing the activity', async () => {
    const { store, ledger } = await fresh();
    await ledger.executeOne(parseCommand({ id: 'p-deu', type: 'RegisterParty', partyId: 'DEU', name: 'Germany', kind: 'state', roles: ['donor'], country: 'DEU' }));
    const file = join(dir, 'recipient-germany.xml');
    writeFileSync(file, readFileSync(fixture('unsupported-type.xml'), 'utf8').replace('<recipient-country code="UA"/>', '<recipient-country code="DE"/>'));
    await importFiles(ledger, iatiImporter, [file]);
    const germany = (await parties(store)).find((row) => row.id === 'DEU');
    expect(germany?.roles).toBe('donor,recipient');
    const cited = (await provenance(store)).find((row) => row.recordKind === 'party' && row.recordId === 'DEU');
    expect(cited).toMatchObject({ file: 'recipient-germany.xml', locator: '/iati-activities/iati-activity[1]/recipient-country[1]' });
  });
});

describe('IATI: a large file streams', () => {
  it('is cut into activities across read chunks, with comments and CDATA that look like tags, and keeps each activity\'s line and position', async () => {
    const count = 1500;
    const activity = (n: number) =>
      [
        ' <iati-activity default-currency="EUR">',
        `  <iati-identifier>XM-EXAMPLE-BULK-${n}</iati-identifier>`,
        '  <reporting-org ref="XM-EXAMPLE-BULK" type="10"><narrative>Bulk donor</narrative></reporting-org>',
        `  <title><narrative><![CDATA[Lot ${n} </iati-activity> & more]]></narrative></title>`,
        '  <description><narrative>Padding text so that the file spans many chunks of the reader.</narrative></description>',
        '  <!-- a comment with </iati-activity> and <iati-activity> inside -->',
        '  <participating-org ref="XM-EXAMPLE-BULK" role="1"><narrative>Bulk donor</narrative></participating-org>',
        '  <activity-status code="2"/>',
        '  <activity-date type="2" iso-date="2024-01-01"/>',
        `  <transaction ref="t"><transaction-type code="3"/><transaction-date iso-date="2024-01-02"/><value value-date="2024-01-02">${n}.50</value></transaction>`,
        ' </iati-activity>',
      ].join('\n');
    const file = join(dir, 'bulk.xml');
    writeFileSync(file, `<?xml version="1.0"?>\n<iati-activities version="2.03">\n${Array.from({ length: count }, (_, i) => activity(i + 1)).join('\n')}\n</iati-activities>\n`);
    expect(statSync(file).size).toBeGreaterThan(4 * 65536);
    const { store, ledger } = await fresh();
    const summary = await importFiles(ledger, iatiImporter, [file], { chunkSize: 200 });
    expect(summary.created).toBe(count + 1);
    const rows = await contributions(store);
    expect(rows).toHaveLength(count);
    expect(rows.find((row) => row.id === `iati:XM-EXAMPLE-BULK-${count}:tx:t`)).toMatchObject({ amountMinor: BigInt(count) * 100n + 50n, description: `Lot ${count} </iati-activity> & more` });
    expect((await provenance(store)).find((row) => row.recordId === 'iati:XM-EXAMPLE-BULK-1234:tx:t')?.locator).toBe('/iati-activities/iati-activity[1234]/transaction[1]');
    // A bad value in the last activity is found at its line, and nothing is written.
    const bad = join(dir, 'bulk-bad.xml');
    writeFileSync(bad, readFileSync(file, 'utf8').replace(`${count}.50</value>`, 'lots</value>'));
    const fresh2 = await fresh();
    const error = await rejection(importFiles(fresh2.ledger, iatiImporter, [bad]));
    const line = 2 + (count - 1) * 11 + 10;
    expect(error.message).toContain(`bulk-bad.xml:${line} /iati-activities/iati-activity[${count}]/transaction[1]/value[1] value: "lots" is not a decimal number`);
    expect((await fresh2.store.head()).seq).toBe(0);
  });
});

describe.skipIf(!present)('IATI: the schema test files and examples', () => {
  it('every should-pass file imports', async () => {
    const files = xmlFiles(join(shared, 'tests', 'should-pass'));
    expect(files).toHaveLength(10);
    const { store, ledger } = await fresh();
    const summary = await importFiles(ledger, iatiImporter, files);
    // Their transactions are of type "X", not a code of the list; their organisations have refs "xx" and "X".
    expect(summary).toMatchObject({ created: 2, merged: {} });
    expect(summary.skipped).toEqual({
      'transaction type "X" is not in the IATI TransactionType code list': 7,
      'participating-org with neither ref nor name': 10,
      'budgets and planned disbursements (plans, not flows)': 10,
    });
    expect((await parties(store)).map((row) => row.id).sort()).toEqual(['org:X', 'org:xx']);
  });

  it.each(present ? xmlFiles(join(shared, 'tests', 'should-fail')) : [])('%s is rejected with a located reason', async (file) => {
    const { store, ledger } = await fresh();
    const error = await rejection(importFiles(ledger, iatiImporter, [file]));
    const expected: Record<string, RegExp> = {
      '01-empty-activity.xml': /01-empty-activity\.xml:7 \/iati-activities\/iati-activity\[1\] iati-activity: empty/,
      '17-bad-hierarchy.xml': /17-bad-hierarchy\.xml:5 \/iati-activities\/iati-activity\[1\]\/@hierarchy iati-activity\/@hierarchy: "string" is not an integer/,
      '18-missing-iati-activities-version.xml': /18-missing-iati-activities-version\.xml:3 \/iati-activities\/@version: missing; no version was found, and this importer reads IATI 2\.03/,
      '20-two-reporting-orgs.xml': /20-two-reporting-orgs\.xml:9 \/iati-activities\/iati-activity\[1\]\/reporting-org\[2\] reporting-org: iati-activity has at most 1 reporting-org/,
      '01-missing-period-end.xml': /01-missing-period-end\.xml:22 \/iati-activities\/iati-activity\[1\]\/budget\[1\]\/value\[1\] period-end: missing; budget needs exactly one period-end before <value>/,
      '12-non-decimal-value.xml': /12-non-decimal-value\.xml:22 \/iati-activities\/iati-activity\[1\]\/budget\[1\]\/value\[1\] value: "eryr" is not a decimal number/,
      '14-multiple-provider-orgs.xml': /14-multiple-provider-orgs\.xml:29 \/iati-activities\/iati-activity\[1\]\/planned-disbursement\[1\]\/receiver-org\[2\] receiver-org: planned-disbursement has at most 1 receiver-org/,
      '01-missing-transaction-type.xml': /01-missing-transaction-type\.xml:23 \/iati-activities\/iati-activity\[1\]\/transaction\[1\]\/transaction-date\[1\] transaction-type: missing/,
      '02-missing-transaction-date.xml': /02-missing-transaction-date\.xml:26 \/iati-activities\/iati-activity\[1\]\/transaction\[1\]\/value\[1\] transaction-date: missing/,
      '03-missing-value.xml': /03-missing-value\.xml:21 \/iati-activities\/iati-activity\[1\]\/transaction\[1\] value: missing/,
      '23-incorrect-date-transaction-date.xml': /23-incorrect-date-transaction-date\.xml:23 \/iati-activities\/iati-activity\[1\]\/transaction\[1\]\/transaction-date\[1\]\/@iso-date transaction-date\/@iso-date: "2010-07-" is not a date/,
      '40-non-decimal-value.xml': /40-non-decimal-value\.xml:26 \/iati-activities\/iati-activity\[1\]\/transaction\[1\]\/value\[1\] value: "xxx" is not a decimal number/,
    };
    expect(expected[basename(file)], `an expectation for ${basename(file)}`).toBeDefined();
    expect(error.message).toMatch(expected[basename(file)] as RegExp);
    expect((await store.head()).seq).toBe(0);
  });

  it('files older than 2.03 are refused with the version found', async () => {
    const { store, ledger } = await fresh();
    const worldbank = await rejection(importFiles(ledger, iatiImporter, [join(shared, 'examples', 'worldbank.xml')]));
    expect(worldbank.message).toMatch(/worldbank\.xml:2 \/iati-activities\/@version: version "1\.0" was found; this importer reads IATI 2\.03 only/);
    const ocha = await rejection(importFiles(ledger, iatiImporter, [join(shared, 'examples', 'ocha-test-data.xml')]));
    expect(ocha.message).toMatch(/ocha-test-data\.xml:2 \/iati-activities\/@version: missing; no version was found/);
    expect((await store.head()).seq).toBe(0);
  });

  it("the standard's annotated example imports: its organisations, the recipient of its transaction, one incoming flow", async () => {
    const { store, ledger } = await fresh();
    const summary = await importFiles(ledger, iatiImporter, [join(shared, 'examples', 'activity-standard-example-annotated.xml')]);
    expect(summary).toMatchObject({ created: 5, merged: {}, skipped: { 'budgets and planned disbursements (plans, not flows)': 3 } });
    expect((await parties(store)).map((row) => row.id).sort()).toEqual(['TKM', 'org:AA-AAA-123456789', 'org:BB-BBB-123456789', 'org:CC-CCC-123456789']);
    const [flow] = await contributions(store);
    // Incoming funds from Agency B (provider-activity-id BB-BBB-123456789-1234AA) into AA-AAA-123456789-1234.
    expect(flow).toMatchObject({
      id: 'iati:flow:BB-BBB-123456789-1234AA/AA-AAA-123456789-ABC123:2012-01-01:1000.00EUR',
      donorId: 'org:BB-BBB-123456789',
      stage: 'disbursed',
      amountMinor: 100000n,
      currency: 'EUR',
      recipientId: 'TKM',
      category: 'education',
      description: 'Activity title',
    });
    expect((await provenance(store)).find((row) => row.recordKind === 'contribution')).toMatchObject({
      locator: '/iati-activities/iati-activity[1]/transaction[1]',
      publisher: 'AA-AAA-123456789',
      publisherRef: 'AA-AAA-123456789-ABC123#1234',
    });
  });
});

describe('IATI export', () => {
  const sources = [fixture('donor.xml'), fixture('implementer.xml'), fixture('unsupported-type.xml'), ...(present ? [join(shared, 'examples', 'activity-standard-example-annotated.xml')] : [])];

  it('writes a file that validates against the IATI 2.03 schema and imports back to the same parties and contributions', async () => {
    const first = await fresh();
    await importFiles(first.ledger, iatiImporter, sources);
    const exported = join(dir, 'export.xml');
    const text = await exportTo(first.store, exported);
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<iati-activities version="2.03">/);
    expect(text).toContain('<iati-identifier>XM-EXAMPLE-IMPL-ACT9</iati-identifier>');
    if (present && xmllint) {
      const result = validates(exported);
      expect(result.ok, result.output).toBe(true);
    } else console.warn('import-iati: schema validation of the export skipped (no schema or no xmllint)');

    const second = await fresh();
    const summary = await importFiles(second.ledger, iatiImporter, [exported]);
    expect(summary.merged).toEqual({ 'same flow reported by provider and receiver (provider-activity-id / receiver-activity-id)': 1 });
    const sort = <T extends { id: string }>(rows: readonly T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
    expect(sort(await parties(second.store))).toEqual(sort(await parties(first.store)));
    expect(sort(await contributions(second.store))).toEqual(sort(await contributions(first.store)));
    // And the export of the re-import is the same file.
    expect((await exportTo(second.store, join(dir, 'export-2.xml'))).replaceAll('export.xml', '')).toBe(text);
  });

  it('contributions recorded in the ledger itself get an identifier from the ledger and still validate', async () => {
    const { store, ledger } = await fresh();
    await ledger.executeOne(parseCommand({ id: 'p1', type: 'RegisterParty', partyId: 'NLD', name: 'Netherlands', kind: 'state', roles: ['donor'], country: 'NLD' }));
    await ledger.executeOne(parseCommand({ id: 'p2', type: 'RegisterParty', partyId: 'UKR', name: 'Ukraine', kind: 'state', roles: ['recipient'], country: 'UKR' }));
    await ledger.executeOne(
      parseCommand({ id: 'c1', type: 'RecordContribution', contributionId: 'NL-2026-1', donorId: 'NLD', kind: 'money', stage: 'committed', value: { amount: '1234.56', currency: 'EUR' }, at: '2026-03-01', category: 'air defence', description: 'Air defence support', recipientId: 'UKR' }),
    );
    const exported = join(dir, 'ledger-own.xml');
    const text = await exportTo(store, exported);
    expect(text).toContain('<iati-identifier>aidtrace-NL-2026-1</iati-identifier>');
    expect(text).toMatch(/<transaction-type code="2"\/>\s*<transaction-date iso-date="2026-03-01"\/>\s*<value currency="EUR" value-date="2026-03-01">1234.56<\/value>/);
    expect(text).toContain('<recipient-country code="UA"/>');
    if (present && xmllint) {
      const result = validates(exported);
      expect(result.ok, result.output).toBe(true);
    }
  });
});

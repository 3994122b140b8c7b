import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './support/server.js';

/** Files in and out over HTTP: imports all or nothing with located errors, exports streamed. */

const fixtures = join(import.meta.dirname, 'fixtures');
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ settings: { importBytesMax: 64 * 1024 } });
});
afterAll(async () => server.close());

const as = (role: string) => ({ cookie: server.cookies[role] as string });

async function upload(role: string, path: string, body: string | Buffer, type = 'text/csv') {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...as(role), 'content-type': type }, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /api/imports/{format}', () => {
  const rates = readFileSync(join(fixtures, 'fx', 'eurofxref-sample.csv'));

  it('a dry run says what would happen and writes nothing; the import then writes it, once', async () => {
    const before = await server.store.head();
    const dry = await upload('coordinator', '/api/imports/fx?dryRun=true&name=eurofxref.csv', rates);
    expect(dry).toEqual({ status: 200, body: { format: 'fx', created: 27, alreadyInLedger: 0, merged: {}, skipped: { 'days without a rate for a currency ("N/A")': 1 }, events: 27, dryRun: true } });
    expect(await server.store.head()).toEqual(before);

    const done = await upload('coordinator', '/api/imports/fx?name=eurofxref.csv', rates);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ created: 27, dryRun: false });
    const again = await upload('admin', '/api/imports/fx?name=eurofxref.csv', rates);
    expect(again).toMatchObject({ status: 200, body: { created: 0, alreadyInLedger: 27 } });

    // The file's name and the importing account are on record.
    const provenance = await fetch(`${server.url}/api/exports/csv?table=provenance`, { headers: as('auditor') });
    expect(await provenance.text()).toContain('eurofxref.csv');
    const events = (await (await fetch(`${server.url}/api/events?after=${before.seq}&limit=1`, { headers: as('auditor') })).json()) as { items: { actor: string }[] };
    expect(events.items[0]?.actor).toBe('user:nato-cell');
  });

  it('a bad file is refused with its line, column and field, and nothing is written', async () => {
    const before = await server.store.head();
    const bad = await upload('admin', '/api/imports/fx?name=bad-rate.csv', readFileSync(join(fixtures, 'fx', 'bad-rate.csv')));
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/bad-rate\.csv:3:3 JPY: "one hundred" is not a positive decimal rate/) });
    expect(await server.store.head()).toEqual(before);
  });

  it('refuses donors, unknown formats, bad names and files over the limit', async () => {
    expect((await upload('donor', '/api/imports/fx', rates)).status).toBe(403);
    expect(await upload('admin', '/api/imports/xbrl', rates)).toMatchObject({ status: 400 });
    expect(await upload('admin', '/api/imports/fx?name=../../etc/passwd', rates)).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/^name: /) } });
    expect((await upload('admin', '/api/imports/fx', Buffer.alloc(65 * 1024, 'a'))).status).toBe(413);
  });
});

describe('GET /api/exports/{format}', () => {
  it('streams a table as CSV and every table as JSON', async () => {
    const csv = await fetch(`${server.url}/api/exports/csv?table=contribution`, { headers: as('auditor') });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="aidtrace-csv-contribution.csv"');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]?.split(',').slice(0, 3)).toEqual(['id', 'donorId', 'kind']);
    expect(lines.length).toBeGreaterThan(5);
    const json = (await (await fetch(`${server.url}/api/exports/json`, { headers: as('admin') })).json()) as { tables: Record<string, unknown[]> };
    expect(json.tables.party?.length).toBeGreaterThan(3);
  });

  it('names a missing table before sending anything', async () => {
    const response = await fetch(`${server.url}/api/exports/csv`, { headers: as('admin') });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/^table: say which table to export; choose party/) });
  });
});

import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ledger } from '../src/application/ledger.js';
import type { LedgerStore } from '../src/application/ports.js';
import { describeFinding, findingLines, verifyLedger, type LedgerVerification, type TableCheck } from '../src/application/verify-ledger.js';
import { parseCommand } from '../src/contract/commands.js';
import { demoCommands } from '../src/demo/purl.js';
import { tables } from '../src/projections/tables.js';
import { PgStore } from '../src/storage/postgres/store.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { testDatabase, type TestDatabase } from './support/postgres.js';

/**
 * Tampering with the database behind the ledger's back, on both stores: each kind of change to
 * the event log or to a projection table is found by verify, which names the event's seq, or the
 * table, key and column. The SQL goes straight to the database, around the event_log triggers.
 */

const clock = { now: () => '2026-06-30T12:00:00.000Z' };
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-tamper-'));
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** SQL straight to the database; `$1, $2, …` placeholders, each used once and in order. */
interface Raw {
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Drops or disables what makes event_log append-only. */
  unguard(): Promise<void>;
  close(): Promise<void>;
}

interface Ledgered {
  /** Opens the store (again). */
  open(): Promise<LedgerStore>;
  raw(): Promise<Raw>;
  /** A SQLite file, for the command line. */
  readonly file?: string;
}

interface StoreKind {
  readonly name: string;
  /** A fresh ledger holding the demo, its store closed. */
  demo(label: string): Promise<Ledgered>;
}

async function writeDemo(store: LedgerStore): Promise<void> {
  const ledger = await Ledger.open(store, clock);
  await ledger.execute(demoCommands().map(parseCommand), { actor: 'demo' });
  await store.close();
}

const sqlite: StoreKind = {
  name: 'SQLite',
  async demo(label) {
    const file = join(dir, `${label}.db`);
    await writeDemo(SqliteStore.open(file));
    return {
      file,
      open: async () => SqliteStore.open(file),
      async raw() {
        const db = new Database(file);
        return {
          query: async (sql, params = []) => {
            const statement = db.prepare(sql.replace(/\$\d+/g, '?'));
            return statement.reader ? (statement.all(...params) as Record<string, unknown>[]) : (statement.run(...params), []);
          },
          unguard: async () => void db.exec('DROP TRIGGER event_log_no_update; DROP TRIGGER event_log_no_delete'),
          close: async () => void db.close(),
        };
      },
    };
  },
};

const postgres: StoreKind = {
  name: 'PostgreSQL',
  async demo(label) {
    const database = await testDatabase(`tamper_${label.toLowerCase().replace(/\W/g, '_')}`);
    databases.push(database);
    await writeDemo(await PgStore.open(database.driver(), database.url));
    return {
      open: async () => PgStore.open(database.driver(), database.url),
      async raw() {
        const driver = database.driver();
        return {
          query: (sql, params = []) => driver.query(sql, params),
          unguard: async () => void (await driver.query('ALTER TABLE event_log DISABLE TRIGGER event_log_no_change')),
          close: () => driver.close(),
        };
      },
    };
  },
};

/** Changes the ledger through `tamper`, then verifies it through a store opened afterwards. */
async function tampered(ledger: Ledgered, tamper: (raw: Raw) => Promise<void>, findingsPerTable?: number): Promise<LedgerVerification> {
  const raw = await ledger.raw();
  try {
    await raw.unguard();
    await tamper(raw);
  } finally {
    await raw.close();
  }
  const store = await ledger.open();
  try {
    return await verifyLedger(store, findingsPerTable === undefined ? {} : { findingsPerTable });
  } finally {
    await store.close();
  }
}

const flipped = (text: string, at: number) => text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ 1) + text.slice(at + 1);
const eventColumns = ['actor', 'command_id', 'type', 'payload', 'recorded_at', 'prev_hash', 'hash'] as const;
const tableOf = (result: LedgerVerification, name: string): TableCheck => {
  const check = result.projections?.tables.find((table) => table.table === name);
  expect(check, `table ${name} compared`).toBeDefined();
  return check as TableCheck;
};
/** Every table other than those named agrees with the log. */
const othersClean = (result: LedgerVerification, ...names: string[]) => {
  for (const check of result.projections?.tables ?? []) {
    if (names.includes(check.table)) continue;
    expect({ table: check.table, missing: check.missing, unexplained: check.unexplained, differing: check.differing }).toEqual({ table: check.table, missing: 0, unexplained: 0, differing: 0 });
  }
};

async function eventCount(raw: Raw): Promise<number> {
  const [row] = await raw.query('SELECT max(seq) AS n FROM event_log');
  return Number(row?.n);
}

describe.each([sqlite, postgres])('tampering on $name', (kind) => {
  const demo = (label: string) => kind.demo(`${kind.name}-${label}`);

  it('finds the untouched demo ledger whole: chain, tree and every projection row', async () => {
    const ledger = await demo('clean');
    const result = await tampered(ledger, async () => undefined);
    expect(result.ok).toBe(true);
    expect(result.firstBreak).toBeUndefined();
    expect(findingLines(result)).toEqual([]);
    const projections = result.projections;
    expect(projections?.ok).toBe(true);
    expect(projections?.events).toBe(result.events);
    expect(projections?.tables.map((table) => table.table)).toEqual(Object.values(tables).map((table) => table.name));
    for (const check of projections?.tables ?? []) expect(check).toMatchObject({ stored: check.rows, missing: 0, unexplained: 0, differing: 0, findings: [] });
    // The demo fills nearly every table, entity and append alike: text, integer and money columns were all compared.
    const filled = projections?.tables.filter((table) => table.rows > 0).map((table) => table.table) ?? [];
    expect(filled.length).toBeGreaterThanOrEqual(15);
    expect(filled).toEqual(expect.arrayContaining(['contribution', 'account', 'package_line', 'transfer', 'milestone', 'stage_change', 'receipt_line']));
    expect(projections?.matching).toBe(projections?.tables.reduce((sum, table) => sum + table.rows, 0));
  });

  it('names the seq of an event with one changed byte', async () => {
    const ledger = await demo('event-byte');
    let seq = 0;
    const result = await tampered(ledger, async (raw) => {
      seq = Math.floor((await eventCount(raw)) / 2);
      const [row] = await raw.query('SELECT payload FROM event_log WHERE seq = $1', [seq]);
      await raw.query('UPDATE event_log SET payload = $1 WHERE seq = $2', [flipped(String(row?.payload), 11), seq]);
    });
    expect(result.ok).toBe(false);
    expect(result.firstBreak?.seq).toBe(seq);
    expect(result.firstBreak?.reason).toContain("hash does not match the row's content");
    expect(result.events).toBe(seq - 1);
    expect(result.projections).toBeUndefined();
    expect(findingLines(result)[0]).toMatch(new RegExp(`^event_log seq ${seq}: hash does not match`));
  });

  it('names the seq of an event whose actor, time or stored hash changed', async () => {
    for (const [column, seq] of [['actor', 3], ['recorded_at', 9], ['hash', 12]] as const) {
      const ledger = await demo(`event-${column}`);
      const result = await tampered(ledger, async (raw) => {
        const [row] = await raw.query(`SELECT ${column} AS value FROM event_log WHERE seq = $1`, [seq]);
        await raw.query(`UPDATE event_log SET ${column} = $1 WHERE seq = $2`, [flipped(String(row?.value), 2), seq]);
      });
      expect(result.firstBreak?.seq, column).toBe(seq);
    }
  });

  it('names the missing seq when an event is deleted', async () => {
    const ledger = await demo('event-deleted');
    const result = await tampered(ledger, async (raw) => void (await raw.query('DELETE FROM event_log WHERE seq = $1', [7])));
    expect(result.ok).toBe(false);
    expect(result.firstBreak).toEqual({ seq: 7, reason: 'missing: the log goes from seq 6 to seq 8' });
    expect(findingLines(result)[0]).toBe('event_log seq 7: missing: the log goes from seq 6 to seq 8');
  });

  it('names the first of two events whose contents were swapped', async () => {
    const ledger = await demo('event-swap');
    const result = await tampered(ledger, async (raw) => {
      const rows = await raw.query(`SELECT seq, ${eventColumns.join(', ')} FROM event_log WHERE seq IN (4, 5) ORDER BY seq`);
      const set = eventColumns.map((column, index) => `${column} = $${index + 1}`).join(', ');
      for (const [row, seq] of [[rows[1], 4], [rows[0], 5]] as const) {
        await raw.query(`UPDATE event_log SET ${set} WHERE seq = $${eventColumns.length + 1}`, [...eventColumns.map((column) => row?.[column]), seq]);
      }
    });
    expect(result.ok).toBe(false);
    expect(result.firstBreak?.seq).toBe(4);
    expect(result.firstBreak?.reason).toContain('prev_hash is not the hash of seq 3');
  });

  it('finds the effects of events deleted from the end, though the shorter chain itself holds', async () => {
    const ledger = await demo('event-tail');
    let total = 0;
    const result = await tampered(ledger, async (raw) => {
      total = await eventCount(raw);
      await raw.query('DELETE FROM event_log WHERE seq > $1', [total - 3]);
    });
    // The log alone cannot show it (a signed checkpoint can); the projections still hold the rows those events made.
    expect(result.firstBreak).toBeUndefined();
    expect(result.events).toBe(total - 3);
    expect(result.ok).toBe(false);
    const off = result.projections?.tables.reduce((sum, table) => sum + table.missing + table.unexplained + table.differing, 0);
    expect(off).toBeGreaterThan(0);
  });

  it('names table, key and column of a money amount changed by one', async () => {
    const ledger = await demo('projection-money');
    let before = '';
    const result = await tampered(ledger, async (raw) => {
      const [row] = await raw.query("SELECT amount_minor FROM contribution WHERE id = 'CON-CAN-1'");
      before = String(row?.amount_minor);
      await raw.query("UPDATE contribution SET amount_minor = amount_minor + 1 WHERE id = 'CON-CAN-1'");
    });
    expect(result.ok).toBe(false);
    expect(result.firstBreak).toBeUndefined();
    const after = String(BigInt(before) + 1n);
    const check = tableOf(result, 'contribution');
    expect(check).toMatchObject({ differing: 1, missing: 0, unexplained: 0, unlisted: 0 });
    expect(check.findings).toEqual([{ table: 'contribution', key: 'CON-CAN-1', kind: 'differs', column: 'amount_minor', log: before, stored: after }]);
    expect(findingLines(result)).toEqual([`projection contribution key CON-CAN-1 column amount_minor: log says ${before}, table has ${after}`]);
    othersClean(result, 'contribution');
  });

  it('names the composite key and column of a text with one changed byte', async () => {
    const ledger = await demo('projection-text');
    let before = '';
    const result = await tampered(ledger, async (raw) => {
      const [row] = await raw.query("SELECT item FROM package_line WHERE package_id = 'PURL-CAN-1' AND line_id = 'L-1'");
      before = String(row?.item);
      await raw.query("UPDATE package_line SET item = $1 WHERE package_id = 'PURL-CAN-1' AND line_id = 'L-1'", [flipped(before, 3)]);
    });
    expect(tableOf(result, 'package_line').findings).toEqual([
      { table: 'package_line', key: 'package_id=PURL-CAN-1 line_id=L-1', kind: 'differs', column: 'item', log: JSON.stringify(before), stored: JSON.stringify(flipped(before, 3)) },
    ]);
    othersClean(result, 'package_line');
  });

  it('names a row of an append table changed, and one deleted', async () => {
    const ledger = await demo('projection-append');
    let changed = '';
    let deleted = '';
    const result = await tampered(ledger, async (raw) => {
      const rows = await raw.query('SELECT transfer_id FROM transfer ORDER BY seq LIMIT 2');
      changed = String(rows[0]?.transfer_id);
      deleted = String(rows[1]?.transfer_id);
      await raw.query("UPDATE transfer SET value_date = '2025-01-01' WHERE transfer_id = $1", [changed]);
      await raw.query('DELETE FROM transfer WHERE transfer_id = $1', [deleted]);
    });
    const check = tableOf(result, 'transfer');
    expect(check).toMatchObject({ differing: 1, missing: 1, unexplained: 0, stored: check.rows - 1 });
    expect(check.findings).toContainEqual(expect.objectContaining({ key: changed, kind: 'differs', column: 'value_date', stored: '"2025-01-01"' }));
    expect(check.findings).toContainEqual({ table: 'transfer', key: deleted, kind: 'missing' });
    othersClean(result, 'transfer');
  });

  it('names an entity row deleted and a row the log does not explain', async () => {
    const ledger = await demo('projection-rows');
    const result = await tampered(ledger, async (raw) => {
      await raw.query("DELETE FROM account WHERE id = 'donor:NLD' AND currency = 'EUR'");
      await raw.query("INSERT INTO party (id, name, kind, roles, country) VALUES ('ZZZ', 'Nobody', 'state', 'donor', NULL)");
    });
    expect(result.ok).toBe(false);
    expect(tableOf(result, 'account').findings).toEqual([{ table: 'account', key: 'id=donor:NLD currency=EUR', kind: 'missing' }]);
    expect(tableOf(result, 'party').findings).toEqual([{ table: 'party', key: 'ZZZ', kind: 'unexplained' }]);
    expect(findingLines(result)).toEqual([
      'projection party key ZZZ: not explained by the log (no event makes this row)',
      'projection account key id=donor:NLD currency=EUR: missing (the log makes this row, the table lacks it)',
    ]);
    othersClean(result, 'account', 'party');
  });

  it('lists a bounded number of differences per table, and counts them all', async () => {
    const ledger = await demo('projection-many');
    let transfers = 0;
    const result = await tampered(
      ledger,
      async (raw) => {
        transfers = Number((await raw.query('SELECT count(*) AS n FROM transfer'))[0]?.n);
        await raw.query('UPDATE transfer SET amount_minor = amount_minor + 1, memo = $1', ['changed']);
      },
      3,
    );
    const check = tableOf(result, 'transfer');
    expect(transfers).toBeGreaterThan(3);
    expect(check.differing).toBe(transfers);
    expect(check.findings).toHaveLength(3);
    // Two columns differ in every row.
    expect(check.unlisted).toBe(2 * transfers - 3);
    const lines = findingLines(result);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe(`projection transfer: ${2 * transfers - 3} more differences not listed; ${transfers} rows disagree with the log (${transfers} changed, 0 missing, 0 not explained)`);
    for (const finding of check.findings) expect(lines).toContain(describeFinding(finding));
  });
});

describe('a value SQLite keeps in a column of another type', () => {
  it('makes the table a finding that names it, not a crash', async () => {
    const ledger = await sqlite.demo('wrong-type');
    const result = await tampered(ledger, async (raw) => void (await raw.query("UPDATE contribution SET amount_minor = 'a lot' WHERE id = 'CON-CAN-1'")));
    expect(result.ok).toBe(false);
    expect(tableOf(result, 'contribution').error).toMatch(/BigInt/);
    expect(findingLines(result)).toEqual([expect.stringMatching(/^projection contribution: cannot be read: .*BigInt/)]);
    othersClean(result, 'contribution');
  });
});

describe('aidtrace verify on a tampered SQLite file', () => {
  const bin = join(import.meta.dirname, '..', 'bin', 'aidtrace.js');
  const aidtrace = (...args: string[]) => {
    const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('exits 1 naming a changed event, and 0 on the ledger before', async () => {
    const ledger = await sqlite.demo('cli-event');
    const file = ledger.file as string;
    const ok = aidtrace('verify', '--db', file);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^ok: \\d+ events, chain head [0-9a-f]{64}, tree root \\S+; \\d+ rows in ${Object.keys(tables).length} projection tables match the log`));
    const raw = await ledger.raw();
    await raw.unguard();
    await raw.query("UPDATE event_log SET recorded_at = '2026-06-30T12:00:00.001Z' WHERE seq = 42");
    await raw.close();
    const bad = aidtrace('verify', '--db', file);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("event_log seq 42: hash does not match the row's content");
    expect(bad.stderr).toContain('chain broken at seq 42 (41 events before it verify)');
  });

  it('exits 1 naming a changed projection column; --chain-only does not look; --json holds the same finding', async () => {
    const ledger = await sqlite.demo('cli-projection');
    const file = ledger.file as string;
    const raw = await ledger.raw();
    const [row] = await raw.query("SELECT balance_minor FROM account WHERE id = 'donor:NLD' AND currency = 'EUR'");
    const before = String(row?.balance_minor);
    await raw.query("UPDATE account SET balance_minor = balance_minor - 1 WHERE id = 'donor:NLD' AND currency = 'EUR'");
    await raw.close();
    const after = String(BigInt(before) - 1n);
    const bad = aidtrace('verify', '--db', file);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(`projection account key id=donor:NLD currency=EUR column balance_minor: log says ${before}, table has ${after}`);
    const chainOnly = aidtrace('verify', '--db', file, '--chain-only');
    expect(chainOnly.code).toBe(0);
    expect(chainOnly.stdout).toContain('projections not compared (--chain-only)');
    const json = aidtrace('verify', '--db', file, '--json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as LedgerVerification;
    expect(report.ok).toBe(false);
    expect(report.projections?.tables.find((table) => table.table === 'account')?.findings).toEqual([
      { table: 'account', key: 'id=donor:NLD currency=EUR', kind: 'differs', column: 'balance_minor', log: before, stored: after },
    ]);
  });
});

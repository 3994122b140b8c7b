import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessService } from '../../src/application/access.js';
import { Ledger } from '../../src/application/ledger.js';
import type { Clock, LedgerStore } from '../../src/application/ports.js';
import { serverSettings, type ServerSettings } from '../../src/config.js';
import { parseCommand } from '../../src/contract/commands.js';
import { demoAccounts } from '../../src/demo/accounts.js';
import { demoCommands } from '../../src/demo/purl.js';
import { buildServer } from '../../src/server/app.js';
import { SqliteStore } from '../../src/storage/sqlite/store.js';

/**
 * A real server over a fresh demo ledger on an ephemeral loopback port, with one signed-in
 * session per demo role. Requests go over HTTP with fetch.
 */

/** A clock the test moves: sessions and tokens expire against it. */
export class TestClock implements Clock {
  constructor(private nowMs = Date.parse('2026-03-05T12:00:00Z')) {}
  now(): string {
    return new Date(this.nowMs).toISOString();
  }
  advanceHours(hours: number): void {
    this.nowMs += hours * 3_600_000;
  }
}

export interface DemoServer {
  readonly url: string;
  readonly store: LedgerStore;
  readonly ledger: Ledger;
  readonly access: AccessService;
  readonly clock: TestClock;
  /** The session cookie of each demo account, by role. */
  readonly cookies: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

export interface DemoServerOptions {
  readonly settings?: Partial<ServerSettings>;
  /** The server's today (reports, public delay); 2026-03-05 by default. */
  readonly today?: string;
  /** Sign the demo accounts in (default true). */
  readonly signIn?: boolean;
  /** The store to serve; a fresh SQLite file by default. */
  readonly store?: LedgerStore;
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'aidtrace-server-'));
  const store = options.store ?? SqliteStore.open(join(dir, 'demo.db'));
  const clock = new TestClock();
  const ledger = await Ledger.open(store, clock);
  await ledger.execute(demoCommands().map(parseCommand), { actor: 'demo' });
  const access = new AccessService(store.access, clock);
  for (const account of demoAccounts) await access.addUser(account);
  // As `aidtrace serve` does: reads on a connection of their own.
  const reads = options.store ? store : SqliteStore.open(join(dir, 'demo.db'));
  const app = await buildServer({
    ledger,
    reads,
    access,
    settings: { ...serverSettings({}), rateLimitPerMinute: 1_000_000, ...options.settings },
    reportCurrency: 'EUR',
    today: () => options.today ?? '2026-03-05',
    webRoot: join(import.meta.dirname, '..', '..', 'web', 'dist'),
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const cookies: Record<string, string> = {};
  if (options.signIn !== false) {
    for (const account of demoAccounts) cookies[account.role] = await signIn(url, account.userId, account.password);
  }
  return {
    url,
    store,
    ledger,
    access,
    clock,
    cookies,
    close: async () => {
      await app.close();
      if (reads !== store) await reads.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in over HTTP and returns the `name=value` of the session cookie. */
export async function signIn(url: string, userId: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${userId}: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0] as string;
}

/**
 * The two servers `bench/http.ts` loads, in a process of their own so that the load generator
 * does not share their event loop: aidtrace's API over the demo ledger, and a bare Fastify
 * route that returns the same bytes as the report route. Prints `PORTS <ours> <bare> <path>` and
 * serves until stdin closes.
 */
import Fastify from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessService } from '../src/application/access.js';
import { Ledger, systemClock } from '../src/application/ledger.js';
import { serverSettings } from '../src/config.js';
import { parseCommand } from '../src/contract/commands.js';
import { demoCommands } from '../src/demo/purl.js';
import { buildServer } from '../src/server/app.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';

const path = process.argv[2] ?? '/api/reports/pipeline';
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-bench-http-'));
const store = SqliteStore.open(join(dir, 'demo.db'));
const ledger = await Ledger.open(store, systemClock);
await ledger.execute(demoCommands().map(parseCommand), { actor: 'bench' });
// As `aidtrace serve` does: reads on a connection of their own.
const reads = SqliteStore.open(join(dir, 'demo.db'));
const ours = await buildServer({
  ledger,
  reads,
  access: new AccessService(store.access, systemClock),
  // The rate limit stays on, set above the load, so its cost is measured.
  settings: { ...serverSettings({}), rateLimitPerMinute: 100_000_000 },
  reportCurrency: 'EUR',
  today: () => new Date().toISOString().slice(0, 10),
});
const oursUrl = await ours.listen({ port: 0, host: '127.0.0.1' });
const body = await (await fetch(`${oursUrl}${path}`)).text();

const bare = Fastify({ logger: false });
bare.get(path, async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

process.stdout.write(`PORTS ${new URL(oursUrl).port} ${new URL(bareUrl).port} ${path} ${body.length}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await ours.close();
  await bare.close();
  await reads.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});

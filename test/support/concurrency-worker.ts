/**
 * One writer process of the concurrency test. It applies random batches of transfers and
 * receipts to a PostgreSQL ledger until told to stop, printing one JSON line per acknowledged
 * command. Before each batch it saves the batch to its in-flight file; when it starts again after
 * being killed, it first re-sends that batch, which must then come back applied or replayed.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Ledger } from '../../src/application/ledger.js';
import { parseCommand } from '../../src/contract/commands.js';
import { serverDriver } from '../../src/storage/postgres/driver.js';
import { PgStore } from '../../src/storage/postgres/store.js';

const [url, workerId, generationText, inflightFile, untilText] = process.argv.slice(2) as [string, string, string, string, string];
const generation = Number(generationText);
const until = Number(untilText);
// mulberry32: small, fast, and good enough to spread choices evenly.
let seed = (Number(workerId) * 7919 + generation * 104_729) >>> 0;
const random = (n: number) => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (((t ^ (t >>> 14)) >>> 0) % n);
};

const donors = ['D1', 'D2', 'D3', 'D4'];
const packages = ['PK1', 'PK2', 'PK3', 'PK4'];
let counter = 0;

function randomCommand(): Record<string, unknown> {
  counter += 1;
  const id = `w${workerId}-g${generation}-${counter}`;
  const pkg = packages[random(packages.length)] as string;
  const amount = { amount: `${1 + random(5000)}.${String(random(100)).padStart(2, '0')}`, currency: 'EUR' };
  const base = { id, type: 'RecordTransfer', valueDate: '2026-01-10' };
  switch (random(5)) {
    case 0:
      return { ...base, fromAccount: `package:${pkg}`, toAccount: `donor:${donors[random(donors.length)]}`, amount };
    case 1:
      return { ...base, fromAccount: `package:${pkg}`, toAccount: `contract:C-${pkg}`, amount };
    case 2: {
      const shipment = `S-${pkg}-${random(40)}`;
      return { id, type: 'RecordReceipt', receiptId: `R-${shipment}-${id}`, shipmentId: shipment, receivedAt: '2026-01-20', lines: [{ contractLineId: 'CL-1', accepted: 9, rejected: 1, reason: 'damaged' }] };
    }
    default:
      return { ...base, fromAccount: `donor:${donors[random(donors.length)]}`, toAccount: `package:${pkg}`, amount };
  }
}

const store = await PgStore.open(serverDriver(url, 1), url);
const ledger = await Ledger.open(store, { now: () => new Date().toISOString() });
const acknowledge = (results: readonly { commandId: string; status: string }[]) => {
  for (const result of results) process.stdout.write(`${JSON.stringify({ id: result.commandId, status: result.status })}\n`);
};

if (existsSync(inflightFile)) {
  const batch = JSON.parse(readFileSync(inflightFile, 'utf8')) as Record<string, unknown>[];
  acknowledge(await ledger.execute(batch.map(parseCommand), { continueOnError: true }));
  rmSync(inflightFile);
}
while (Date.now() < until) {
  const batch = Array.from({ length: 1 + random(20) }, randomCommand);
  writeFileSync(inflightFile, JSON.stringify(batch));
  acknowledge(await ledger.execute(batch.map(parseCommand), { continueOnError: true }));
  rmSync(inflightFile);
}
await store.close();

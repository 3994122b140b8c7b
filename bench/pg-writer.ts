/** One writer process of the PostgreSQL benchmark: applies its share of transfers in batches. */
import { Ledger } from '../src/application/ledger.js';
import { parseCommand } from '../src/contract/commands.js';
import { serverDriver } from '../src/storage/postgres/driver.js';
import { PgStore } from '../src/storage/postgres/store.js';

const [url, writerText, countText, batchText] = process.argv.slice(2) as [string, string, string, string];
const count = Number(countText);
const batchSize = Number(batchText);
const store = await PgStore.open(serverDriver(url, 1), url);
const ledger = await Ledger.open(store, { now: () => new Date().toISOString() });
for (let start = 0; start < count; start += batchSize) {
  const batch = [];
  for (let i = start; i < Math.min(start + batchSize, count); i += 1) {
    batch.push(
      parseCommand({
        id: `pg-${writerText}-${i}`,
        type: 'RecordTransfer',
        fromAccount: i % 2 === 0 ? 'donor:NLD' : 'donor:DNK',
        toAccount: 'package:PK-1',
        amount: { amount: `${(i % 9973) + 1}.00`, currency: 'EUR' },
        valueDate: '2025-08-10',
      }),
    );
  }
  await ledger.execute(batch);
}
await store.close();

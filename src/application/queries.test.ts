import { describe, expect, it } from 'vitest';
import { parseCommand } from '../contract/commands.js';
import { SqliteStore } from '../storage/sqlite/store.js';
import { Ledger } from './ledger.js';
import { SnapshotCache } from './queries.js';

const clock = { now: () => '2026-03-01T00:00:00.000Z' };
const party = (id: string) => parseCommand({ id: `p-${id}`, type: 'RegisterParty', partyId: id, name: id, kind: 'state', roles: ['donor'] });
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('SnapshotCache', () => {
  it('shares one head read within a turn of the event loop, reads again after a write through it or in the next turn', async () => {
    const store = SqliteStore.open(':memory:');
    try {
      const ledger = await Ledger.open(store, clock);
      await ledger.execute([party('NLD')]);
      const cache = new SnapshotCache(store);
      await nextTurn();
      const first = await cache.current();
      expect(first.parties.map((p) => p.id)).toEqual(['NLD']);

      // Written behind the cache's back within the same turn: not yet seen.
      await ledger.execute([party('DNK')]);
      expect((await cache.current()).head).toEqual(first.head);

      // A write through this process invalidates: seen at once.
      cache.invalidate();
      const afterWrite = await cache.current();
      expect(afterWrite.parties.map((p) => p.id)).toEqual(['DNK', 'NLD']);
      expect(afterWrite.head.seq).toBe(2);

      // Another writer's commit shows from the next turn.
      await ledger.execute([party('SWE')]);
      await nextTurn();
      expect((await cache.current()).parties.map((p) => p.id)).toEqual(['DNK', 'NLD', 'SWE']);
    } finally {
      await store.close();
    }
  });

  it('loads the tables once per head', async () => {
    const store = SqliteStore.open(':memory:');
    try {
      const ledger = await Ledger.open(store, clock);
      await ledger.execute([party('NLD')]);
      const cache = new SnapshotCache(store);
      const a = await cache.current();
      await nextTurn();
      expect(await cache.current()).toBe(a);
      await ledger.execute([party('DNK')]);
      await nextTurn();
      expect(await cache.current()).not.toBe(a);
    } finally {
      await store.close();
    }
  });
});

/** The benchmark's workload, shared by run.ts and phases.ts. */
import type Database from 'better-sqlite3';

/** A few donors, a recipient, a coordinator and two approved packages worth far more than the run moves. */
export const setupWire = [
  { id: 'setup-1', type: 'RegisterParty', partyId: 'NLD', name: 'Netherlands', kind: 'state', roles: ['donor'], country: 'NLD' },
  { id: 'setup-2', type: 'RegisterParty', partyId: 'DNK', name: 'Denmark', kind: 'state', roles: ['donor'], country: 'DNK' },
  { id: 'setup-3', type: 'RegisterParty', partyId: 'DEU', name: 'Germany', kind: 'state', roles: ['donor'], country: 'DEU' },
  { id: 'setup-4', type: 'RegisterParty', partyId: 'UKR', name: 'Ukraine', kind: 'state', roles: ['recipient'], country: 'UKR' },
  { id: 'setup-5', type: 'RegisterParty', partyId: 'NATO', name: 'NATO', kind: 'organisation', roles: ['coordinator'] },
  ...['PK-1', 'PK-2'].flatMap((packageId) => [
    {
      id: `setup-propose-${packageId}`,
      type: 'ProposePackage',
      packageId,
      title: `Benchmark package ${packageId}`,
      recipientId: 'UKR',
      coordinatorId: 'NATO',
      currency: 'EUR',
      proposedAt: '2025-08-01',
      lines: [{ lineId: 'L-1', item: 'interceptor', category: 'air_defence', quantity: 1_000_000, unitValue: '100000000.00' }],
    },
    { id: `setup-approve-${packageId}`, type: 'ApprovePackage', packageId, at: '2025-08-02' },
  ]),
];

export const donors = ['donor:NLD', 'donor:DNK', 'donor:DEU'] as const;
export const packages = ['package:PK-1', 'package:PK-2'] as const;

/** Amount of the i-th transfer in cents: 1.00 … 9,973.99 EUR. */
export const amountMinorOf = (i: number) => ((i % 9973) + 1) * 100 + (i % 100);

export interface TransferWire {
  readonly id: string;
  readonly type: 'RecordTransfer';
  readonly fromAccount: string;
  readonly toAccount: string;
  readonly amount: { readonly amount: string; readonly currency: 'EUR' };
  readonly valueDate: string;
}

/** The wire form of the i-th transfer, as a client sends it: donor → package, EUR, varying amounts. */
export function transferWire(i: number, prefix = 'bench'): TransferWire {
  return {
    id: `${prefix}-${String(i + 1).padStart(7, '0')}`,
    type: 'RecordTransfer',
    fromAccount: donors[i % 3] as string,
    toAccount: packages[i % 2] as string,
    amount: { amount: `${(i % 9973) + 1}.${String(i % 100).padStart(2, '0')}`, currency: 'EUR' },
    valueDate: `2025-09-${String((i % 28) + 1).padStart(2, '0')}`,
  };
}

/**
 * Writes 4.6 MB once and frees it, so the file's WAL starts at its steady size (more than the
 * 1,000-page auto-checkpoint) and the database file has free pages. Every file gets this: on
 * ext4 an fsync of a growing file also commits metadata and takes about twice as long, which
 * would penalise whichever side writes fewer pages per commit (the bare one) for its first
 * ~1,000 commits.
 */
export function presizeWal(db: Database.Database): void {
  db.exec('CREATE TABLE bench_filler (b BLOB)');
  db.prepare('INSERT INTO bench_filler VALUES (zeroblob(?))').run(4_600_000);
  db.exec('DROP TABLE bench_filler');
}

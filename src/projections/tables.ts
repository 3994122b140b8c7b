/**
 * The read models, declared once. Storage adapters derive their DDL and statements from these
 * definitions; the projection writes rows by these field names. `money` columns hold bigint
 * minor units; `int` columns hold safe JavaScript integers.
 *
 * Entity tables are small and mutable (a package, an account) and are also kept in memory for
 * decisions. Append tables grow with the log (transfers, milestones) and are written only; their
 * key names a row for people and tests, and storage does not index it.
 */
export type ColumnType = 'text' | 'int' | 'money' | 'text?' | 'int?';

export interface TableDef {
  readonly name: string;
  readonly mode: 'entity' | 'append';
  readonly key: readonly string[];
  readonly columns: Readonly<Record<string, ColumnType>>;
  /** Secondary indexes for queries and child lookups. */
  readonly indexes?: readonly (readonly string[])[];
  /** The schema migration that added the table, when it came after the first. */
  readonly since?: number;
}

const table = <const T extends TableDef>(def: T): T => def;

export const tables = {
  party: table({ name: 'party', mode: 'entity', key: ['id'], columns: { id: 'text', name: 'text', kind: 'text', roles: 'text', country: 'text?' } }),
  requirement: table({
    name: 'requirement',
    mode: 'entity',
    key: ['id'],
    columns: { id: 'text', recipientId: 'text', category: 'text', description: 'text', quantity: 'int', unit: 'text', priority: 'int', neededBy: 'text' },
  }),
  package: table({
    name: 'package',
    mode: 'entity',
    key: ['id'],
    columns: {
      id: 'text', title: 'text', recipientId: 'text', coordinatorId: 'text', currency: 'text', valueMinor: 'money',
      fundedMinor: 'money', stage: 'text', stageSince: 'text', proposedAt: 'text',
    },
  }),
  packageLine: table({
    name: 'package_line',
    mode: 'entity',
    key: ['packageId', 'lineId'],
    columns: {
      packageId: 'text', lineId: 'text', item: 'text', category: 'text', quantity: 'int', unitValueMinor: 'money',
      requirementId: 'text?', sensitive: 'int', contractedQuantity: 'int',
    },
  }),
  contribution: table({
    name: 'contribution',
    mode: 'entity',
    key: ['id'],
    columns: {
      id: 'text', donorId: 'text', kind: 'text', stage: 'text', stageSince: 'text', currency: 'text', amountMinor: 'money',
      committedMinor: 'money', disbursedMinor: 'money', packageId: 'text?', recipientId: 'text?', category: 'text',
      description: 'text', valuationMethod: 'text?', quantity: 'int?', unit: 'text?', coalition: 'text?', announcedOn: 'text',
    },
  }),
  account: table({
    name: 'account',
    mode: 'entity',
    key: ['id', 'currency'],
    columns: { id: 'text', currency: 'text', kind: 'text', ownerId: 'text', balanceMinor: 'money', debitsMinor: 'money', creditsMinor: 'money' },
  }),
  contract: table({
    name: 'contract',
    mode: 'entity',
    key: ['id'],
    columns: {
      id: 'text', packageId: 'text', producerId: 'text', currency: 'text', valueMinor: 'money', paidMinor: 'money',
      signedOn: 'text', deliveryDue: 'text',
    },
  }),
  contractLine: table({
    name: 'contract_line',
    mode: 'entity',
    key: ['contractId', 'lineId'],
    columns: {
      contractId: 'text', lineId: 'text', packageLineId: 'text', item: 'text', quantity: 'int', unitPriceMinor: 'money',
      shippedQuantity: 'int', acceptedQuantity: 'int', rejectedQuantity: 'int',
    },
  }),
  shipment: table({
    name: 'shipment',
    mode: 'entity',
    key: ['id'],
    columns: {
      id: 'text', contractId: 'text', packageId: 'text', stage: 'text', dispatchedAt: 'text', expectedBy: 'text',
      route: 'text?', handedOverAt: 'text?', receivedAt: 'text?',
    },
  }),
  shipmentLine: table({
    name: 'shipment_line',
    mode: 'entity',
    key: ['shipmentId', 'contractLineId'],
    columns: { shipmentId: 'text', contractLineId: 'text', quantity: 'int' },
  }),
  receipt: table({
    name: 'receipt',
    mode: 'entity',
    key: ['id'],
    columns: { id: 'text', shipmentId: 'text', contractId: 'text', receivedAt: 'text' },
  }),
  spending: table({
    name: 'defence_spending',
    mode: 'entity',
    key: ['country', 'year'],
    columns: { country: 'text', year: 'int', currency: 'text', spendingMinor: 'money', gdpMinor: 'money', source: 'text?' },
  }),
  defenceShare: table({
    name: 'defence_share',
    mode: 'entity',
    key: ['country', 'year'],
    columns: { country: 'text', year: 'int', percentOfGdp: 'text', estimate: 'int' },
    since: 3,
  }),
  fxRate: table({
    name: 'fx_rate',
    mode: 'entity',
    key: ['date', 'base', 'quote'],
    columns: { date: 'text', base: 'text', quote: 'text', rate: 'text' },
  }),
  transfer: table({
    name: 'transfer',
    mode: 'append',
    key: ['transferId'],
    columns: {
      seq: 'int', transferId: 'text', fromAccount: 'text', toAccount: 'text', currency: 'text', amountMinor: 'money',
      valueDate: 'text', contributionId: 'text?', memo: 'text?',
    },
  }),
  receiptLine: table({
    name: 'receipt_line',
    mode: 'append',
    key: ['receiptId', 'contractLineId'],
    columns: { receiptId: 'text', contractLineId: 'text', shipped: 'int', accepted: 'int', rejected: 'int', reason: 'text?' },
  }),
  milestone: table({
    name: 'milestone',
    mode: 'append',
    key: ['seq'],
    columns: { seq: 'int', shipmentId: 'text', kind: 'text', at: 'text', location: 'text?' },
    indexes: [['shipmentId']],
  }),
  stageChange: table({
    name: 'stage_change',
    mode: 'append',
    key: ['seq', 'entityId'],
    columns: { seq: 'int', entityKind: 'text', entityId: 'text', fromStage: 'text', toStage: 'text', at: 'text', reason: 'text?', backwards: 'int' },
  }),
  /** Where records came from: one row per provenance, the record's first and any later sources. */
  provenance: table({
    name: 'provenance',
    mode: 'append',
    key: ['seq'],
    columns: {
      seq: 'int', recordKind: 'text', recordId: 'text', dataset: 'text', file: 'text', locator: 'text',
      publisher: 'text?', publisherRef: 'text?', note: 'text?',
    },
    indexes: [['recordKind', 'recordId']],
    since: 3,
  }),
  /** Source documents figures rest on (evidence.ts). */
  source: table({
    name: 'source',
    mode: 'entity',
    key: ['id'],
    columns: {
      id: 'text', kind: 'text', publisher: 'text?', title: 'text', publishedOn: 'text', locator: 'text', author: 'text?',
      language: 'text?', story: 'text?',
    },
    since: 5,
  }),
  /** Evidence: one record tied to one source by an excerpt; the id is the linking command's id. */
  evidence: table({
    name: 'evidence',
    mode: 'entity',
    key: ['id'],
    columns: {
      id: 'text', recordKind: 'text', recordId: 'text', sourceId: 'text', excerpt: 'text', offsetStart: 'int?', offsetEnd: 'int?',
      sourceType: 'text', speaker: 'text?', speakerRole: 'text?', claim: 'text?',
    },
    indexes: [['recordKind', 'recordId'], ['sourceId']],
    since: 5,
  }),
} as const satisfies Record<string, TableDef>;

export type TableName = keyof typeof tables;
export const tableList: readonly TableDef[] = Object.values(tables);

/** The tables a schema migration creates. */
export const tablesOfMigration = (version: number): readonly TableDef[] => tableList.filter((def) => (def.since ?? 1) === version);

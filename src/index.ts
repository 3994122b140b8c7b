/** The aidtrace library: the ledger, its store, its command contract and its reports. */
export { Ledger, BatchRejected, systemClock, type CommandResult, type RecordedEvent, type ExecuteOptions } from './application/ledger.js';
export type { LedgerStore, Clock, LogRow, ChainHead } from './application/ports.js';
export { rebuildProjections } from './application/rebuild.js';
export { copyLedger } from './application/copy.js';
export { reports, reportNames, loadReportData, type ReportName, type ReportData, type ReportOptions } from './application/reports/index.js';
export { verifyChain, type VerifyReport } from './audit/verify.js';
export { verifyLedger, checkProjections, describeFinding, findingLines, type LedgerVerification, type ProjectionCheck, type ProjectionFinding, type TableCheck } from './application/verify-ledger.js';
export { chainHash, rowBytes, genesisHash, explainBreak } from './audit/chain.js';
export { canonicalJson } from './audit/canonical.js';
export { parseCommand, commandSchema, type CommandEnvelope } from './contract/commands.js';
export type { Command } from './domain/commands.js';
export type { DomainEvent } from './domain/events.js';
export { DomainError, type ErrorCode } from './domain/errors.js';
export { parseAmount, formatAmount, type Money } from './domain/money.js';
export { SqliteStore } from './storage/sqlite/store.js';
export { PgStore } from './storage/postgres/store.js';
export { serverDriver, pgliteDriver, type PgDriver } from './storage/postgres/driver.js';

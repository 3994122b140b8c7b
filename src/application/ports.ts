import type { Row, RowChanges } from '../projections/memory.js';
import type { TableName } from '../projections/tables.js';

/**
 * What the application needs from storage. SQLite and PostgreSQL adapters implement the same
 * port; nothing above this line knows which one is in use.
 */

/** One row of the append-only, hash-chained event log. */
export interface LogRow {
  readonly seq: number;
  /** The account that made the write; part of the hashed bytes ('' on rows from before it was recorded). */
  readonly actor: string;
  readonly commandId: string;
  readonly type: string;
  /** Canonical JSON of the whole event. */
  readonly payload: string;
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** A command that was applied, for idempotent replays: same id and body → same result. */
export interface CommandRow {
  readonly commandId: string;
  readonly bodyHash: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
}

export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** Everything one unit of work appends and projects; written in one transaction. */
export interface WriteBatch {
  readonly log: readonly LogRow[];
  readonly commands: readonly CommandRow[];
  readonly changes: RowChanges;
}

/** A transaction that holds the ledger's write lock: no other writer appends until it ends. */
export interface WriteTx {
  /**
   * True only when the store knows that nothing was committed since its own last write, which
   * ended the chain at `seq`: the caller may then skip reading the log. A store that cannot
   * tell answers false.
   */
  quietSince(seq: number): Promise<boolean>;
  head(): Promise<ChainHead>;
  readTable(table: TableName): Promise<readonly Row[]>;
  readEvents(afterSeq: number, limit: number): Promise<readonly LogRow[]>;
  findCommands(commandIds: readonly string[]): Promise<ReadonlyMap<string, CommandRow>>;
  /**
   * The types of the events each of these commands recorded (commands not in the ledger are
   * absent), for a decision that asks what an earlier command did: whether a transfer exists.
   */
  eventTypesOf(commandIds: readonly string[]): Promise<ReadonlyMap<string, readonly string[]>>;
  write(batch: WriteBatch): Promise<void>;
  /** Adds accounts and API tokens in this transaction, for copying a ledger; ALREADY_EXISTS on a taken id. */
  addAccess(users: readonly UserRecord[], tokens: readonly TokenRecord[]): Promise<void>;
}

export interface TransferTotal {
  readonly fromAccount: string;
  readonly toAccount: string;
  readonly currency: string;
  readonly valueDate: string;
  readonly amountMinor: bigint;
}

export interface LedgerStore {
  readonly location: string;
  /** Runs `work` in one write transaction: all of it is stored, or none of it. */
  writeTransaction<T>(work: (tx: WriteTx) => Promise<T>): Promise<T>;
  head(): Promise<ChainHead>;
  /** Events after `afterSeq`, in order, at most `limit`. */
  readEvents(afterSeq: number, limit: number): Promise<readonly LogRow[]>;
  eventsOfCommand(commandId: string): Promise<readonly LogRow[]>;
  /** Applied commands whose first event lies in [fromSeq, toSeq], for copying a ledger. */
  readCommands(fromSeq: number, toSeq: number): Promise<readonly CommandRow[]>;
  readTable(table: TableName): Promise<readonly Row[]>;
  transferTotals(): Promise<readonly TransferTotal[]>;
  /**
   * Replaces every projection table with what `produce` writes, in one write transaction:
   * a rebuild that fails half-way leaves the old tables in place.
   */
  replaceProjections(produce: (write: (changes: WriteBatch['changes']) => Promise<void>) => Promise<void>): Promise<void>;
  /** A fingerprint of every projection table's content, for comparing a rebuild with the live tables. */
  projectionDigest(): Promise<Readonly<Record<string, string>>>;
  /** Accounts, tokens and sessions, kept beside the ledger (outside the chain and the projections). */
  readonly access: AccessStore;
  /** Signed checkpoints of the log's Merkle tree, kept beside the ledger (outside the chain). */
  readonly checkpoints: CheckpointStore;
  close(): Promise<void>;
}

export interface Clock {
  /** An ISO 8601 UTC timestamp. */
  now(): string;
}

/** Who may sign in. Roles are enforced by the server; `partyId` scopes donor, recipient and producer accounts. */
export const accessRoles = ['admin', 'coordinator', 'donor', 'recipient', 'producer', 'auditor'] as const;
export type AccessRole = (typeof accessRoles)[number];

export interface UserRecord {
  readonly userId: string;
  /** An argon2id PHC string. */
  readonly passwordHash: string;
  readonly role: AccessRole;
  readonly partyId: string | null;
  readonly createdAt: string;
}

/** A machine credential. Only the SHA-256 of its secret is kept. */
export interface TokenRecord {
  readonly tokenId: string;
  readonly userId: string;
  readonly name: string;
  readonly secretHash: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

/** A browser session; keyed by the SHA-256 of the cookie's value. */
export interface SessionRecord {
  readonly sessionHash: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/**
 * Accounts, tokens and sessions. Kept beside the ledger but outside the hash chain: they are
 * credentials, not history, and must never be published with it.
 */
export interface AccessStore {
  /** Throws DomainError ALREADY_EXISTS when the user id is taken. */
  addUser(user: UserRecord): Promise<void>;
  user(userId: string): Promise<UserRecord | undefined>;
  users(): Promise<readonly UserRecord[]>;
  /** Throws DomainError ALREADY_EXISTS when the token id is taken. */
  addToken(token: TokenRecord): Promise<void>;
  token(tokenId: string): Promise<TokenRecord | undefined>;
  tokensOf(userId: string): Promise<readonly TokenRecord[]>;
  /** Marks a token revoked; false when there is no such token or it was already revoked. */
  revokeToken(tokenId: string, at: string): Promise<boolean>;
  addSession(session: SessionRecord): Promise<void>;
  session(sessionHash: string): Promise<SessionRecord | undefined>;
  deleteSession(sessionHash: string): Promise<void>;
  /** Drops sessions that expired before `now`; returns how many. */
  pruneSessions(now: string): Promise<number>;
}

/**
 * A signed checkpoint (C2SP tlog-checkpoint in a signed note) of the log's Merkle tree, as the
 * log's operator issued it, with any witnesses' cosignatures added later.
 */
export interface CheckpointRecord {
  /** The note's origin line: the log's name. */
  readonly origin: string;
  /** The number of events the tree covers. */
  readonly size: number;
  /** The tree's root, base64 (standard alphabet, padded). */
  readonly rootHash: string;
  /** The whole signed note, every signature line included. */
  readonly note: string;
  readonly createdAt: string;
}

/**
 * Checkpoints the ledger signed. They are kept beside the log, not in it: a checkpoint vouches
 * for the log, so it cannot be one of its events, and it holds nothing secret (private keys stay
 * in files). One checkpoint per origin and size.
 */
export interface CheckpointStore {
  /**
   * Keeps a checkpoint and returns it as kept. The note's text must state the record's origin,
   * size and root (VALIDATION_FAILED otherwise). One with the same origin and size already kept:
   * with the same root, the signature lines of both notes are merged, one line per key (name and
   * key hash; a line already kept wins), and the first `createdAt` stays; with another root it is
   * a split view and is refused with DomainError SPLIT_VIEW naming both roots. The store checks
   * no signature: it has no keys; whoever adds a note opens it first with the keys they trust.
   */
  add(checkpoint: CheckpointRecord): Promise<CheckpointRecord>;
  /** The checkpoint of `origin` (any origin when not given) with the largest size, if any. */
  latest(origin?: string): Promise<CheckpointRecord | undefined>;
  /** The checkpoint of `origin` at exactly `size`. */
  at(origin: string, size: number): Promise<CheckpointRecord | undefined>;
  /** Every checkpoint kept, by origin (binary order), then size. */
  list(): Promise<readonly CheckpointRecord[]>;
}

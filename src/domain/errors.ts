/**
 * Two kinds of failure. A `DomainError` is the user's: the input broke a rule and is
 * reported with a stable code. `assert` guards the programmer's own invariants and crashes.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'WRONG_ROLE'
  | 'CURRENCY_UNKNOWN'
  | 'CURRENCY_MISMATCH'
  | 'AMOUNT_PRECISION'
  | 'AMOUNT_NOT_POSITIVE'
  | 'AMOUNT_TOO_LARGE'
  | 'STAGE_BACKWARDS'
  | 'STAGE_NOT_ALLOWED'
  | 'PACKAGE_NOT_OPEN'
  | 'PACKAGE_LINE_OVERCOMMITTED'
  | 'TRANSFER_ROUTE_NOT_ALLOWED'
  | 'INSUFFICIENT_BALANCE'
  | 'PAYMENT_EXCEEDS_CONTRACT'
  | 'SHIPMENT_EXCEEDS_CONTRACT'
  | 'MILESTONE_OUT_OF_ORDER'
  | 'RECEIPT_MISMATCH'
  | 'RECEIPT_BEFORE_HANDOVER'
  | 'REASON_REQUIRED'
  | 'FX_RATE_MISSING'
  | 'COMMAND_ID_REUSED'
  | 'LIMIT_EXCEEDED'
  | 'CHAIN_BROKEN'
  | 'SPLIT_VIEW'
  | 'STORE_BUSY'
  | 'STORE_UNAVAILABLE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN';

/** A rule the input broke; `path` names the offending field, e.g. `lines[2].accepted`. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

/** Crash on a broken programmer invariant. Never used for user input. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** Ends an exhaustive switch: a new union member without a case is a compile error. */
export function unreachable(value: never): never {
  throw new Error(`unreachable: ${JSON.stringify(value)}`);
}

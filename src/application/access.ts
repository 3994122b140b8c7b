import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import { limits } from '../domain/limits.js';
import type { AccessRole, AccessStore, Clock, TokenRecord, UserRecord } from './ports.js';
import { accessRoles } from './ports.js';

/**
 * Accounts, API tokens and sessions. Passwords are kept as argon2id hashes; token and session
 * secrets are 32 random bytes, so a SHA-256 of them is enough and lets a lookup be one indexed read.
 */

/** Who is asking: an anonymous member of the public, or a signed-in account. */
export type Principal =
  | { readonly kind: 'public' }
  | {
      readonly kind: 'account';
      readonly userId: string;
      readonly role: AccessRole;
      readonly partyId: string | null;
      /** Set when the request came with an API token rather than a session. */
      readonly tokenId?: string;
    };

export const publicPrincipal: Principal = { kind: 'public' };

/** Roles scoped to one party: they act for it and see what is its. */
export const partyRoles: readonly AccessRole[] = ['donor', 'recipient', 'producer'];

const userIdPattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const tokenPattern = /^at_([A-Za-z0-9]{16})_([A-Za-z0-9_-]{43})$/;
const passwordLengthMin = 12;
const passwordLengthMax = 256;
// OWASP's argon2id minimum (19 MiB, 2 passes), the library's default.
const argonOptions = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface NewUser {
  readonly userId: string;
  readonly password: string;
  readonly role: string;
  readonly partyId?: string | undefined;
}

export interface SessionSettings {
  readonly sessionHoursMax: number;
}

export interface IssuedToken {
  /** Shown once; only its hash is kept. */
  readonly token: string;
  readonly record: TokenRecord;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function secret(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

function addHours(iso: string, hours: number): string {
  return new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
}

/** The user-facing operations on accounts; the server and the CLI both go through here. */
export class AccessService {
  /** A hash to verify against when the user does not exist, so that both paths take as long. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly store: AccessStore,
    private readonly clock: Clock,
    private readonly settings: SessionSettings = { sessionHoursMax: 12 },
  ) {}

  /** `addUser({userId: 'nl-mod', password: '…', role: 'donor', partyId: 'NLD'})` */
  async addUser(input: NewUser): Promise<UserRecord> {
    if (!userIdPattern.test(input.userId)) {
      throw new DomainError('VALIDATION_FAILED', 'userId: 1–64 letters, digits and . _ @ - , starting with a letter or digit', 'userId');
    }
    if (!(accessRoles as readonly string[]).includes(input.role)) {
      throw new DomainError('VALIDATION_FAILED', `role: "${input.role}" is not one of ${accessRoles.join(', ')}`, 'role');
    }
    const role = input.role as AccessRole;
    const scoped = partyRoles.includes(role);
    if (scoped && !input.partyId) throw new DomainError('VALIDATION_FAILED', `partyId: a ${role} account acts for one party; name it`, 'partyId');
    if (!scoped && input.partyId) throw new DomainError('VALIDATION_FAILED', `partyId: a ${role} account is not scoped to a party`, 'partyId');
    if (input.password.length < passwordLengthMin || input.password.length > passwordLengthMax) {
      throw new DomainError('VALIDATION_FAILED', `password: ${passwordLengthMin}–${passwordLengthMax} characters`, 'password');
    }
    const user: UserRecord = {
      userId: input.userId,
      passwordHash: await argonHash(input.password, argonOptions),
      role,
      partyId: input.partyId ?? null,
      createdAt: this.clock.now(),
    };
    await this.store.addUser(user);
    return user;
  }

  /** Checks a password; the same error whether the user is unknown or the password wrong. */
  async checkPassword(userId: string, password: string): Promise<UserRecord> {
    const user = typeof userId === 'string' && userId.length <= 64 ? await this.store.user(userId) : undefined;
    const bounded = typeof password === 'string' && password.length <= passwordLengthMax ? password : '';
    const ok = user ? await argonVerify(user.passwordHash, bounded) : await this.verifyDummy(bounded);
    if (!user || !ok) throw new DomainError('UNAUTHENTICATED', 'login: user or password is wrong');
    return user;
  }

  private async verifyDummy(password: string): Promise<boolean> {
    this.dummyHash ??= argonHash(secret(24), argonOptions);
    await argonVerify(await this.dummyHash, password);
    return false;
  }

  /** Starts a session; returns the cookie value (shown to the browser only) and when it ends. */
  async startSession(user: UserRecord): Promise<{ readonly cookie: string; readonly expiresAt: string }> {
    const cookie = secret(32);
    const createdAt = this.clock.now();
    const expiresAt = addHours(createdAt, this.settings.sessionHoursMax);
    await this.store.addSession({ sessionHash: sha256(cookie), userId: user.userId, createdAt, expiresAt });
    return { cookie, expiresAt };
  }

  async endSession(cookie: string): Promise<void> {
    await this.store.deleteSession(sha256(cookie));
  }

  /** The account behind a session cookie; UNAUTHENTICATED when unknown or expired. */
  async fromSession(cookie: string): Promise<Principal> {
    const session = cookie.length <= 64 ? await this.store.session(sha256(cookie)) : undefined;
    if (!session) throw new DomainError('UNAUTHENTICATED', 'session: not signed in, or the session was ended; sign in again');
    if (session.expiresAt <= this.clock.now()) {
      await this.store.deleteSession(session.sessionHash);
      throw new DomainError('UNAUTHENTICATED', 'session: expired; sign in again');
    }
    return this.principalOf(session.userId);
  }

  /** `createToken('ci-loader', 'nightly import', 90)` → the token, shown once. */
  async createToken(userId: string, name: string, days: number): Promise<IssuedToken> {
    if (!(await this.store.user(userId))) throw new DomainError('NOT_FOUND', `user: "${userId}" does not exist`, 'userId');
    if (!Number.isInteger(days) || days < 1 || days > limits.tokenDaysMax) {
      throw new DomainError('VALIDATION_FAILED', `expires: 1–${limits.tokenDaysMax} days`, 'expires');
    }
    const tokenId = randomBytes(12).toString('base64url').replace(/[-_]/g, '').padEnd(16, '0').slice(0, 16);
    const tokenSecret = secret(32);
    const createdAt = this.clock.now();
    const record: TokenRecord = {
      tokenId,
      userId,
      name: name.slice(0, limits.textLengthMax),
      secretHash: sha256(tokenSecret),
      createdAt,
      expiresAt: addHours(createdAt, days * 24),
      revokedAt: null,
    };
    await this.store.addToken(record);
    return { token: `at_${tokenId}_${tokenSecret}`, record };
  }

  async revokeToken(tokenId: string): Promise<void> {
    if (!(await this.store.revokeToken(tokenId, this.clock.now()))) {
      throw new DomainError('NOT_FOUND', `token: "${tokenId}" does not exist or is already revoked`, 'tokenId');
    }
  }

  /** The account behind a bearer token; UNAUTHENTICATED when malformed, unknown, revoked or expired. */
  async fromToken(token: string): Promise<Principal> {
    const match = tokenPattern.exec(token);
    const record = match ? await this.store.token(match[1] as string) : undefined;
    const presented = Buffer.from(sha256(match?.[2] ?? ''), 'hex');
    if (!record || !timingSafeEqual(presented, Buffer.from(record.secretHash, 'hex'))) {
      throw new DomainError('UNAUTHENTICATED', 'token: not a valid API token');
    }
    if (record.revokedAt !== null) throw new DomainError('UNAUTHENTICATED', `token ${record.tokenId}: revoked`);
    if (record.expiresAt <= this.clock.now()) throw new DomainError('UNAUTHENTICATED', `token ${record.tokenId}: expired`);
    return { ...(await this.principalOf(record.userId)), tokenId: record.tokenId };
  }

  private async principalOf(userId: string): Promise<Principal & { kind: 'account' }> {
    const user = await this.store.user(userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', `account "${userId}" no longer exists`);
    return { kind: 'account', userId: user.userId, role: user.role, partyId: user.partyId };
  }
}

/** The name a write is recorded under in the log: "user:nl-mod", or "user:nl-mod token:Ab12…" for a machine. */
export function actorOf(principal: Principal): string {
  if (principal.kind === 'public') return 'public';
  return principal.tokenId === undefined ? `user:${principal.userId}` : `user:${principal.userId} token:${principal.tokenId}`;
}

import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as ed25519Sign,
  verify as ed25519Verify,
  type KeyObject,
} from 'node:crypto';

/**
 * Signed checkpoints of the ledger's Merkle tree (`merkle.ts`), in the formats of the
 * transparency-log community, so that auditors and witnesses can check and cosign them with
 * their own tools:
 *
 * - c2sp.org/tlog-checkpoint, the note text: the origin (a unique name for the log, such as
 *   `aidtrace.example/ledger`), the tree size in decimal without leading zeros, the root hash
 *   in standard base64, then optional non-empty extension lines, each line ending in "\n".
 *
 * - c2sp.org/signed-note, the format of golang.org/x/mod/sumdb/note: the text, a blank line,
 *   then one or more signature lines `— <key name> <base64(key hash ‖ signature)>\n` (U+2014,
 *   a space, the name, a space, the signature). The text is everything up to and including
 *   the newline before the last blank line of the note.
 *
 * Keys are Ed25519 (signature type 0x01). The key hash of a key named N with public key P is
 * the first 4 bytes, big-endian, of SHA-256(N ‖ 0x0A ‖ 0x01 ‖ P), and a signature is Ed25519
 * over the UTF-8 bytes of the note text. Keys are written as text:
 *
 *   verifier  <name>+<8 lowercase hex digits of the key hash>+<base64(0x01 ‖ public key)>
 *   signer    PRIVATE+KEY+<name>+<key hash>+<base64(0x01 ‖ 32-byte seed)>
 *
 * A key name is non-empty, valid Unicode, and has no Unicode space (the set of Go's
 * unicode.IsSpace), no "+" and no control character below U+0020 (none can be in a note).
 *
 * Opening a note follows the signed-note rules: a signature by a key the caller does not know
 * (name and key hash together) is listed and otherwise ignored; a signature by a known key
 * must verify, and one that does not is an error, since it means the note or the signature
 * was altered; a note without a verified signature by a known key is refused. Witnesses
 * cosign by adding their own line (`cosign`), which leaves the lines already there as they are.
 *
 * Strictness. The module reads what other implementations write and refuses anything else:
 * a note must be valid UTF-8 (a string must have no lone surrogates), have no control
 * character other than "\n", end in "\n", and carry at most 100 signature lines; base64 must
 * be canonical standard base64 with padding (a last character with stray low bits is refused,
 * so one note has one spelling); a key hash is exactly 8 lowercase hex digits and must match
 * the key; a checkpoint's root is exactly 32 bytes (SHA-256) and its size fits in 64 bits.
 *
 * Every refusal is a `NoteError` whose `code` says what kind of thing is wrong and whose
 * message says what exactly. Messages never quote a signer (private) key.
 *
 * The module is pure apart from the randomness of `generateSignerKey`: it reads no clock,
 * file or network.
 */

/** Signature type identifier of Ed25519 keys in c2sp.org/signed-note. */
export const ed25519SignatureType = 0x01;

/** The most signature lines a note may carry, here and in golang.org/x/mod/sumdb/note. */
export const maxNoteSignatures = 100;

/** The largest tree size a checkpoint may state: 2^64 − 1 (RFC 9162 sizes are uint64). */
export const maxCheckpointSize = 2n ** 64n - 1n;

/** The length in bytes of a checkpoint's root hash (SHA-256). */
export const checkpointRootLength = 32;

export type NoteErrorCode =
  /** A verifier or signer key that is not well formed, or whose key hash does not match. */
  | 'malformed-key'
  /** A note, or a text to sign, that breaks the signed-note syntax; or bad signing arguments. */
  | 'malformed-note'
  /** A checkpoint text or checkpoint fields that break the tlog-checkpoint rules. */
  | 'malformed-checkpoint'
  /** A well-formed note with no signature by any of the given keys. */
  | 'unverified-note'
  /** A signature by one of the given keys that does not verify: the note was altered. */
  | 'invalid-signature'
  /** Two different verifier keys with the same name and key hash. */
  | 'ambiguous-key'
  /** A checkpoint whose origin is not the one expected. */
  | 'wrong-origin';

export class NoteError extends Error {
  override readonly name = 'NoteError';
  constructor(
    readonly code: NoteErrorCode,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Text helpers

const spkiEd25519Prefix = Buffer.from('302a300506032b6570032100', 'hex');
const pkcs8Ed25519Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Canonical standard base64 with padding, or undefined. */
function decodeBase64(text: string): Uint8Array | undefined {
  if (!base64Pattern.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A short, printable rendering of untrusted text for an error message. */
function quote(text: string): string {
  const chars = Array.from(text);
  return JSON.stringify(chars.length > 48 ? `${chars.slice(0, 48).join('')}…` : text);
}

/** The Unicode spaces of Go's unicode.IsSpace. */
const spacePattern = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
const controlPattern = /[\u0000-\u0009\u000b-\u001f]/u;
const loneSurrogatePattern = /\p{Cs}/u;

/** Why `name` is not a valid key name, or undefined when it is. */
function nameProblem(name: string): string | undefined {
  if (name === '') return 'the key name is empty';
  if (loneSurrogatePattern.test(name)) return 'the key name is not valid Unicode (lone surrogate)';
  const control = /[\u0000-\u001f]/u.exec(name);
  if (control) return `the key name contains the control character ${codePoint(control[0])}`;
  const space = spacePattern.exec(name);
  if (space) return `the key name contains the space character ${codePoint(space[0])}`;
  if (name.includes('+')) return 'the key name contains "+"';
  return undefined;
}

function lineNumberAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/** Why `text` breaks the character rules of a note (UTF-8, no control but "\n"), or undefined. */
function characterProblem(text: string): string | undefined {
  const control = controlPattern.exec(text);
  if (control) return `line ${lineNumberAt(text, control.index)} contains the control character ${codePoint(control[0])}`;
  const lone = loneSurrogatePattern.exec(text);
  if (lone) return `line ${lineNumberAt(text, lone.index)} is not valid Unicode (lone surrogate)`;
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function noteString(note: string | Uint8Array): string {
  if (typeof note === 'string') return note;
  if (!(note instanceof Uint8Array)) throw new NoteError('malformed-note', 'malformed note: expected a string or bytes');
  try {
    return utf8.decode(note);
  } catch {
    throw new NoteError('malformed-note', 'malformed note: not valid UTF-8');
  }
}

// ---------------------------------------------------------------------------------------------
// Keys

/** The key hash of an Ed25519 key: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ publicKey)[0:4], big-endian. */
export function ed25519KeyHash(name: string, publicKey: Uint8Array): number {
  const digest = createHash('sha256')
    .update(name, 'utf8')
    .update(new Uint8Array([0x0a, ed25519SignatureType]))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

const internal = Symbol('internal');

function publicKeyObject(publicKey: Uint8Array): KeyObject | undefined {
  try {
    return createPublicKey({ key: Buffer.concat([spkiEd25519Prefix, publicKey]), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

/** A parsed verifier key: checks signatures by one Ed25519 key. */
export class NoteVerifier {
  readonly #publicKey: Uint8Array;
  readonly #key: KeyObject;

  /** Use `parseVerifierKey` or `verifierKeyFor`. */
  constructor(
    token: typeof internal,
    readonly name: string,
    readonly keyHash: number,
    publicKey: Uint8Array,
    key: KeyObject,
  ) {
    if (token !== internal) throw new TypeError('use parseVerifierKey to make a NoteVerifier');
    this.#publicKey = Uint8Array.from(publicKey);
    this.#key = key;
    Object.freeze(this);
  }

  /** The key hash as 8 lowercase hex digits. */
  get keyId(): string {
    return hex8(this.keyHash);
  }

  /** The 32-byte Ed25519 public key (a copy). */
  get publicKey(): Uint8Array {
    return Uint8Array.from(this.#publicKey);
  }

  /** The verifier key in text: `<name>+<key hash>+<base64(0x01 ‖ public key)>`. */
  get encoded(): string {
    return `${this.name}+${this.keyId}+${encodeBase64(Uint8Array.of(ed25519SignatureType, ...this.#publicKey))}`;
  }

  /** Whether `signature` (64 bytes, without the key hash) is this key's signature of `message`. */
  verify(message: Uint8Array, signature: Uint8Array): boolean {
    if (signature.length !== 64) return false;
    try {
      return ed25519Verify(null, message, this.#key, signature);
    } catch {
      return false;
    }
  }

  toString(): string {
    return this.encoded;
  }
}

/** A parsed signer key. The seed stays inside: it is neither a property nor printed. */
export class NoteSigner {
  readonly #key: KeyObject;
  readonly #publicKey: Uint8Array;

  /** Use `parseSignerKey`. */
  constructor(
    token: typeof internal,
    readonly name: string,
    readonly keyHash: number,
    publicKey: Uint8Array,
    key: KeyObject,
  ) {
    if (token !== internal) throw new TypeError('use parseSignerKey to make a NoteSigner');
    this.#publicKey = Uint8Array.from(publicKey);
    this.#key = key;
    Object.freeze(this);
  }

  get keyId(): string {
    return hex8(this.keyHash);
  }

  /** The 32-byte Ed25519 public key (a copy). */
  get publicKey(): Uint8Array {
    return Uint8Array.from(this.#publicKey);
  }

  /** The matching verifier key, to hand to verifiers. */
  get verifierKey(): string {
    return verifierKeyFor(this.name, this.#publicKey);
  }

  /** The Ed25519 signature (64 bytes) of `message`. */
  sign(message: Uint8Array): Uint8Array {
    return new Uint8Array(ed25519Sign(null, message, this.#key));
  }

  toString(): string {
    return `NoteSigner(${this.name}+${this.keyId})`;
  }
}

function keyError(kind: 'verifier' | 'signer', reason: string): NoteError {
  return new NoteError('malformed-key', `malformed ${kind} key: ${reason}`);
}

interface KeyParts {
  readonly name: string;
  readonly keyHash: number;
  readonly keyBytes: Uint8Array;
}

/** Splits `<name>+<hash>+<base64(0x01 ‖ 32 bytes)>` (the base64 may itself contain "+"). */
function keyParts(kind: 'verifier' | 'signer', text: string): KeyParts {
  const first = text.indexOf('+');
  const second = first === -1 ? -1 : text.indexOf('+', first + 1);
  if (second === -1) throw keyError(kind, 'expected <name>+<key hash>+<base64 key>');
  const name = text.slice(0, first);
  const hash = text.slice(first + 1, second);
  const encoded = text.slice(second + 1);
  const problem = nameProblem(name);
  if (problem !== undefined) throw keyError(kind, problem);
  if (!/^[0-9a-f]{8}$/.test(hash)) throw keyError(kind, `the key hash must be 8 lowercase hex digits, not ${quote(hash)}`);
  const decoded = decodeBase64(encoded);
  if (decoded === undefined || decoded.length === 0) throw keyError(kind, 'the key is not canonical standard base64');
  if (decoded[0] !== ed25519SignatureType) {
    throw keyError(kind, `unknown signature type 0x${(decoded[0] ?? 0).toString(16).padStart(2, '0')} (only Ed25519, 0x01, is supported)`);
  }
  const keyBytes = decoded.subarray(1);
  if (keyBytes.length !== 32) {
    throw keyError(kind, `an Ed25519 ${kind === 'signer' ? 'seed' : 'public key'} is 32 bytes, not ${keyBytes.length}`);
  }
  return { name, keyHash: Number.parseInt(hash, 16), keyBytes };
}

/** Parses a verifier key `<name>+<key hash>+<base64(0x01 ‖ public key)>`, checking its key hash. */
export function parseVerifierKey(text: string): NoteVerifier {
  if (typeof text !== 'string') throw keyError('verifier', 'expected a string');
  const { name, keyHash, keyBytes } = keyParts('verifier', text);
  const expected = ed25519KeyHash(name, keyBytes);
  if (expected !== keyHash) {
    throw keyError('verifier', `the key hash ${hex8(keyHash)} does not match the name and key (which hash to ${hex8(expected)})`);
  }
  const key = publicKeyObject(keyBytes);
  if (key === undefined) throw keyError('verifier', 'not an Ed25519 public key');
  return new NoteVerifier(internal, name, keyHash, keyBytes, key);
}

/** Parses a signer key `PRIVATE+KEY+<name>+<key hash>+<base64(0x01 ‖ seed)>`, checking its key hash. */
export function parseSignerKey(text: string): NoteSigner {
  if (typeof text !== 'string') throw keyError('signer', 'expected a string');
  const prefix = 'PRIVATE+KEY+';
  if (!text.startsWith(prefix)) throw keyError('signer', 'it does not begin with "PRIVATE+KEY+"');
  const { name, keyHash, keyBytes } = keyParts('signer', text.slice(prefix.length));
  let key: KeyObject;
  let publicKey: Uint8Array;
  try {
    key = createPrivateKey({ key: Buffer.concat([pkcs8Ed25519Prefix, keyBytes]), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
    publicKey = new Uint8Array(spki.subarray(spkiEd25519Prefix.length));
  } catch {
    throw keyError('signer', 'not an Ed25519 seed');
  }
  const expected = ed25519KeyHash(name, publicKey);
  if (expected !== keyHash) {
    throw keyError('signer', `the key hash ${hex8(keyHash)} does not match the name and key (which hash to ${hex8(expected)})`);
  }
  return new NoteSigner(internal, name, keyHash, publicKey, key);
}

/** The verifier key of a named Ed25519 public key (golang.org/x/mod's NewEd25519VerifierKey). */
export function verifierKeyFor(name: string, publicKey: Uint8Array): string {
  const problem = nameProblem(name);
  if (problem !== undefined) throw keyError('verifier', problem);
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) {
    throw keyError('verifier', `an Ed25519 public key is 32 bytes, not ${publicKey instanceof Uint8Array ? publicKey.length : typeof publicKey}`);
  }
  const typed = Uint8Array.of(ed25519SignatureType, ...publicKey);
  return `${name}+${hex8(ed25519KeyHash(name, publicKey))}+${encodeBase64(typed)}`;
}

/** A new random Ed25519 key pair for `name`: the signer key (keep it secret) and the verifier key. */
export function generateSignerKey(name: string): { signer: string; verifier: string } {
  const problem = nameProblem(typeof name === 'string' ? name : '');
  if (problem !== undefined) throw keyError('signer', problem);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  if (pkcs8.length !== pkcs8Ed25519Prefix.length + 32 || spki.length !== spkiEd25519Prefix.length + 32) {
    throw new Error('unexpected Ed25519 key encoding from node:crypto');
  }
  const seed = pkcs8.subarray(pkcs8Ed25519Prefix.length);
  const pub = new Uint8Array(spki.subarray(spkiEd25519Prefix.length));
  const hash = hex8(ed25519KeyHash(name, pub));
  const signer = `PRIVATE+KEY+${name}+${hash}+${encodeBase64(Uint8Array.of(ed25519SignatureType, ...seed))}`;
  seed.fill(0);
  pkcs8.fill(0);
  return { signer, verifier: verifierKeyFor(name, pub) };
}

// ---------------------------------------------------------------------------------------------
// Notes

/** One signature line of a note. */
export interface NoteSignature {
  /** The key name. */
  readonly name: string;
  /** The key hash, as a uint32. */
  readonly keyHash: number;
  /** The key hash as 8 lowercase hex digits. */
  readonly keyId: string;
  /** The base64 of the line: key hash ‖ signature. */
  readonly base64: string;
}

export interface OpenedNote {
  /** The signed text, ending in "\n". */
  readonly text: string;
  /** The names of the given keys whose signatures verified, each once, in note order. */
  readonly verifiedBy: readonly string[];
  /** The verified signatures, one per key, in note order. */
  readonly verified: readonly NoteSignature[];
  /** Signatures by keys not given, each distinct line once, in note order. */
  readonly unverified: readonly NoteSignature[];
}

export type VerifierInput = string | NoteVerifier;
export type SignerInput = string | NoteSigner;

interface SignatureLine extends NoteSignature {
  /** The line without "— " and without "\n". */
  readonly line: string;
  /** The signature after the key hash. */
  readonly signature: Uint8Array;
}

function noteError(reason: string): NoteError {
  return new NoteError('malformed-note', `malformed note: ${reason}`);
}

/** Why `text` cannot be the text of a note, or undefined. */
function textProblem(text: string): string | undefined {
  if (typeof text !== 'string') return 'the text is not a string';
  if (!text.endsWith('\n')) return 'the text does not end in a newline';
  return characterProblem(text);
}

const signaturePrefix = '\u2014 ';

function parseSignatureLine(line: string, index: number): SignatureLine {
  const where = `signature line ${index + 1}`;
  if (!line.startsWith(signaturePrefix)) throw noteError(`${where} does not begin with "— " (U+2014, space)`);
  const rest = line.slice(signaturePrefix.length);
  const space = rest.indexOf(' ');
  const name = space === -1 ? rest : rest.slice(0, space);
  const base64 = space === -1 ? '' : rest.slice(space + 1);
  const problem = nameProblem(name);
  if (problem !== undefined) throw noteError(`${where}: ${problem}`);
  if (base64 === '') throw noteError(`${where} has no signature after the key name`);
  const bytes = decodeBase64(base64);
  if (bytes === undefined) throw noteError(`${where}: the signature is not canonical standard base64`);
  if (bytes.length < 5) throw noteError(`${where}: the signature is ${bytes.length} bytes, less than a key hash and a signature`);
  const keyHash = Buffer.from(bytes.buffer, bytes.byteOffset, 4).readUInt32BE(0);
  return { name, keyHash, keyId: hex8(keyHash), base64, line: rest, signature: bytes.subarray(4) };
}

/** The text and signature lines of a note, checked against the signed-note syntax. */
function splitNote(input: string | Uint8Array): { text: string; lines: SignatureLine[] } {
  const note = noteString(input);
  const problem = characterProblem(note);
  if (problem !== undefined) throw noteError(problem);
  const split = note.lastIndexOf('\n\n');
  if (split === -1) throw noteError('no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block === '') throw noteError('no signature lines after the blank line');
  if (!block.endsWith('\n')) throw noteError('the last signature line does not end in a newline');
  const raw = block.slice(0, -1).split('\n');
  if (raw.length > maxNoteSignatures) throw noteError(`${raw.length} signature lines, more than the ${maxNoteSignatures} allowed`);
  return { text, lines: raw.map(parseSignatureLine) };
}

function keyIdOf(name: string, keyHash: number): string {
  return `${name}+${hex8(keyHash)}`;
}

function toVerifier(input: VerifierInput): NoteVerifier {
  return input instanceof NoteVerifier ? input : parseVerifierKey(input);
}

function toSigner(input: SignerInput): NoteSigner {
  return input instanceof NoteSigner ? input : parseSignerKey(input);
}

function verifierMap(verifiers: readonly VerifierInput[]): Map<string, NoteVerifier> {
  if (!Array.isArray(verifiers)) throw new TypeError('verifiers must be an array of verifier keys');
  const map = new Map<string, NoteVerifier>();
  for (const input of verifiers) {
    const verifier = toVerifier(input);
    const id = keyIdOf(verifier.name, verifier.keyHash);
    const known = map.get(id);
    if (known === undefined) map.set(id, verifier);
    else if (known.encoded !== verifier.encoded) {
      throw new NoteError('ambiguous-key', `ambiguous key ${id}: two different verifier keys have this name and key hash`);
    }
  }
  return map;
}

function signatureLineOf(signer: NoteSigner, message: Uint8Array): string {
  const signature = signer.sign(message);
  const bytes = new Uint8Array(4 + signature.length);
  new DataView(bytes.buffer).setUint32(0, signer.keyHash);
  bytes.set(signature, 4);
  return `${signaturePrefix}${signer.name} ${encodeBase64(bytes)}\n`;
}

function publicSignature(line: SignatureLine): NoteSignature {
  return { name: line.name, keyHash: line.keyHash, keyId: line.keyId, base64: line.base64 };
}

/**
 * Signs `text` (which must end in "\n" and have no control character but "\n") with each of
 * `signers` (1 to 100 keys, no key twice), and returns the signed note.
 */
export function signNote(text: string, signers: readonly SignerInput[]): string {
  const problem = textProblem(text);
  if (problem !== undefined) throw noteError(problem);
  if (!Array.isArray(signers) || signers.length === 0) throw noteError('no signer keys given');
  if (signers.length > maxNoteSignatures) throw noteError(`${signers.length} signers, more than the ${maxNoteSignatures} signatures a note may carry`);
  const keys = signers.map(toSigner);
  const seen = new Set<string>();
  for (const key of keys) {
    const id = keyIdOf(key.name, key.keyHash);
    if (seen.has(id)) throw noteError(`the key ${id} is given twice`);
    seen.add(id);
  }
  const message = Buffer.from(text, 'utf8');
  return `${text}\n${keys.map((key) => signatureLineOf(key, message)).join('')}`;
}

/**
 * Opens a signed note: checks its syntax, verifies every signature by one of `verifiers`
 * (throwing `invalid-signature` if one fails), lists the signatures by other keys, and throws
 * `unverified-note` if no signature by a given key is present.
 */
export function openNote(note: string | Uint8Array, verifiers: readonly VerifierInput[]): OpenedNote {
  const known = verifierMap(verifiers);
  const { text, lines } = splitNote(note);
  const message = Buffer.from(text, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const verifiedIds = new Set<string>();
  const unknownLines = new Set<string>();
  for (const line of lines) {
    const id = keyIdOf(line.name, line.keyHash);
    const verifier = known.get(id);
    if (verifier === undefined) {
      if (!unknownLines.has(line.line)) {
        unknownLines.add(line.line);
        unverified.push(publicSignature(line));
      }
      continue;
    }
    if (!verifier.verify(message, line.signature)) {
      throw new NoteError('invalid-signature', `invalid signature for key ${id}: the note or the signature was altered`);
    }
    if (!verifiedIds.has(id)) {
      verifiedIds.add(id);
      verified.push(publicSignature(line));
    }
  }
  if (verified.length === 0) {
    const others = unverified.map((s) => keyIdOf(s.name, s.keyHash));
    throw new NoteError(
      'unverified-note',
      `note has no verifiable signature: it is signed only by unknown keys (${others.join(', ')})`,
    );
  }
  const verifiedBy = [...new Set(verified.map((s) => s.name))];
  return { text, verifiedBy, verified, unverified };
}

export interface CosignOptions {
  /** If given, the note must open with these keys before it is cosigned. */
  readonly verifiers?: readonly VerifierInput[];
}

/**
 * Adds `signer`'s signature to a signed note, keeping the signature lines already there
 * (a line by the same key is replaced). A witness should pass the log's key in
 * `options.verifiers`, so that it cosigns only what the log signed.
 */
export function cosign(note: string | Uint8Array, signer: SignerInput, options: CosignOptions = {}): string {
  const { text, lines } = splitNote(note);
  if (options.verifiers !== undefined) openNote(note, options.verifiers);
  const key = toSigner(signer);
  const kept = lines.filter((line) => !(line.name === key.name && line.keyHash === key.keyHash));
  if (kept.length + 1 > maxNoteSignatures) throw noteError(`a note may carry at most ${maxNoteSignatures} signatures`);
  const existing = kept.map((line) => `${signaturePrefix}${line.line}\n`).join('');
  return `${text}\n${existing}${signatureLineOf(key, Buffer.from(text, 'utf8'))}`;
}

// ---------------------------------------------------------------------------------------------
// Checkpoints

export interface Checkpoint {
  /** The log's unique name. */
  readonly origin: string;
  /** The tree size, exact. */
  readonly size: bigint;
  /** The 32-byte RFC 9162 root hash of the tree at that size. */
  readonly root: Uint8Array;
  /** Extension lines (non-empty, without their newlines). */
  readonly extensions: readonly string[];
}

export interface CheckpointFields {
  readonly origin: string;
  /** A safe non-negative integer, or a bigint up to 2^64 − 1. */
  readonly size: number | bigint;
  readonly root: Uint8Array;
  readonly extensions?: readonly string[];
}

function checkpointError(reason: string): NoteError {
  return new NoteError('malformed-checkpoint', `malformed checkpoint: ${reason}`);
}

function checkpointLineProblem(line: string): string | undefined {
  const control = /[\u0000-\u001f]/u.exec(line);
  if (control) return `contains the control character ${codePoint(control[0])}`;
  if (loneSurrogatePattern.test(line)) return 'is not valid Unicode (lone surrogate)';
  return undefined;
}

/** The note text of a checkpoint: origin, size, base64 root, extension lines, each ending in "\n". */
export function formatCheckpoint(fields: CheckpointFields): string {
  const { origin, size, root } = fields;
  const extensions = fields.extensions ?? [];
  if (typeof origin !== 'string' || origin === '') throw checkpointError('the origin is empty');
  const originProblem = checkpointLineProblem(origin);
  if (originProblem !== undefined) throw checkpointError(`the origin ${originProblem}`);
  let exact: bigint;
  if (typeof size === 'bigint') exact = size;
  else if (typeof size === 'number' && Number.isSafeInteger(size)) exact = BigInt(size);
  else throw checkpointError(`the tree size ${String(size)} is not a safe integer`);
  if (exact < 0n) throw checkpointError(`the tree size ${exact} is negative`);
  if (exact > maxCheckpointSize) throw checkpointError(`the tree size ${exact} does not fit in 64 bits`);
  if (!(root instanceof Uint8Array)) throw checkpointError('the root hash is not bytes');
  if (root.length !== checkpointRootLength) throw checkpointError(`the root hash is ${root.length} bytes, not ${checkpointRootLength}`);
  if (!Array.isArray(extensions)) throw checkpointError('the extensions are not an array of lines');
  extensions.forEach((extension: unknown, i) => {
    if (typeof extension !== 'string' || extension === '') throw checkpointError(`extension line ${i + 1} is empty`);
    const problem = checkpointLineProblem(extension);
    if (problem !== undefined) throw checkpointError(`extension line ${i + 1} ${problem}`);
  });
  return [origin, exact.toString(), encodeBase64(root), ...extensions].map((line) => `${line}\n`).join('');
}

/** Parses the note text of a checkpoint, strictly (see the module comment). */
export function parseCheckpoint(text: string): Checkpoint {
  if (typeof text !== 'string') throw checkpointError('expected a string');
  if (!text.endsWith('\n')) throw checkpointError('the text does not end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw checkpointError(`${lines.length} line${lines.length === 1 ? '' : 's'}, not the three of origin, tree size and root hash`);
  const names = ['origin', 'tree size', 'root hash'];
  lines.forEach((line, i) => {
    const what = i < 3 ? `line ${i + 1} (${names[i]})` : `line ${i + 1} (extension)`;
    if (line === '') throw checkpointError(`${what} is empty`);
    const problem = checkpointLineProblem(line);
    if (problem !== undefined) throw checkpointError(`${what} ${problem}`);
  });
  const [origin = '', sizeText = '', rootText = ''] = lines;
  if (!/^[0-9]+$/.test(sizeText)) throw checkpointError(`line 2 (tree size) ${quote(sizeText)} is not a decimal number`);
  if (sizeText.length > 1 && sizeText.startsWith('0')) throw checkpointError(`line 2 (tree size) ${quote(sizeText)} has a leading zero`);
  if (sizeText.length > 20 || BigInt(sizeText) > maxCheckpointSize) {
    throw checkpointError(`line 2 (tree size) ${quote(sizeText)} does not fit in 64 bits`);
  }
  const root = decodeBase64(rootText);
  if (root === undefined) throw checkpointError(`line 3 (root hash) ${quote(rootText)} is not canonical standard base64`);
  if (root.length !== checkpointRootLength) throw checkpointError(`line 3 (root hash) is ${root.length} bytes, not ${checkpointRootLength}`);
  return Object.freeze({ origin, size: BigInt(sizeText), root: Uint8Array.from(root), extensions: Object.freeze(lines.slice(3)) });
}

/** Formats a checkpoint and signs it: `signNote(formatCheckpoint(fields), signers)`. */
export function signCheckpoint(fields: CheckpointFields, signers: readonly SignerInput[]): string {
  return signNote(formatCheckpoint(fields), signers);
}

export interface OpenedCheckpoint extends OpenedNote {
  readonly checkpoint: Checkpoint;
}

/**
 * Opens a signed checkpoint: `openNote`, then `parseCheckpoint` of its text, then a check that
 * the origin is `expected.origin` (a checkpoint of another log is refused as `wrong-origin`).
 */
export function openCheckpoint(
  note: string | Uint8Array,
  verifiers: readonly VerifierInput[],
  expected: { readonly origin: string },
): OpenedCheckpoint {
  const opened = openNote(note, verifiers);
  const checkpoint = parseCheckpoint(opened.text);
  if (checkpoint.origin !== expected.origin) {
    throw new NoteError('wrong-origin', `checkpoint origin ${quote(checkpoint.origin)} is not the expected ${quote(expected.origin)}`);
  }
  return { ...opened, checkpoint };
}

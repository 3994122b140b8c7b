import { createHash, createPublicKey, verify as rawVerify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cosign,
  ed25519KeyHash,
  formatCheckpoint,
  generateSignerKey,
  maxCheckpointSize,
  NoteError,
  openCheckpoint,
  openNote,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  signCheckpoint,
  signNote,
  verifierKeyFor,
  type NoteErrorCode,
} from './checkpoint.js';
import { leafHash, MerkleFrontier, rootOf } from './merkle.js';

/** Runs `f`, which must throw a NoteError of `code` whose message matches `message`. */
function refused(f: () => unknown, code: NoteErrorCode, message?: RegExp | string): NoteError {
  let thrown: unknown;
  try {
    f();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a NoteError').toBeInstanceOf(NoteError);
  const error = thrown as NoteError;
  expect(error.code, error.message).toBe(code);
  if (message !== undefined) expect(error.message).toMatch(message);
  return error;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const spki = (publicKey: Uint8Array) =>
  createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]), format: 'der', type: 'spki' });

// ---------------------------------------------------------------------------------------------
// Vectors of golang.org/x/mod/sumdb/note (note_test.go and the package documentation).

const peterVerifier = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const peterSigner = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const enochVerifier = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const goText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const peterB64 = 'x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=';
const enochB64 = 'rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=';
const peterSig = `— PeterNeumann ${peterB64}\n`;
const enochSig = `— EnochRoot ${enochB64}\n`;

/** Go's `s[:60] + "ABCD" + s[60:]`: an insertion at a UTF-8 byte offset. */
function insertAtByte(text: string, offset: number, insert: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.subarray(0, offset).toString('utf8') + insert + bytes.subarray(offset).toString('utf8');
}

// The example of the C2SP signed-note specification (in its revisions up to 2024).
const exampleVerifier = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const exampleNote =
  'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

// transparency-dev/formats, log/note_test.go: a checkpoint of the Go checksum database signed
// by its production key (whose base64 contains "+"), and key pairs made by the Go package.
const sumdbVerifier = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
const sumdbCheckpoint =
  'go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n\n' +
  '— sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n';
const formatsKeyPairs: readonly (readonly [string, string])[] = [
  ['PRIVATE+KEY+Log+2271c621+AdEIq9FLRQni54Wg68T96VJO+iayOaulswav2DUMKgvQ', 'Log+2271c621+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs'],
  ['PRIVATE+KEY+Known+451c786d+AQPRoE2+Z+Ed1HaHBA9F/FfracvcZ2rDU39kCecMEoci', 'Known+451c786d+AXAQ0T7lbwuY4ABJ9/MYY9bWV3hmSyOGVt2x42NkmdUH'],
  ['PRIVATE+KEY+KnownAgain+4893b26c+ARhZda/l25zjGZswYLDZsLNRzNpmv5wYTN9IoTr1OJ2+', 'KnownAgain+4893b26c+AQ+LR7BFF/F/dkpIBjBpSvT0crkteizuUkavAoGeaYMj'],
  ['PRIVATE+KEY+Unknown+fdbb2e08+Aav2knTC6orbhXX8pMWuNiWgO+Wwk2DB+h1eU2Q1W1nU', 'Unknown+fdbb2e08+AWgRIYZ+8x1Vl+1Q+sR8zciNHiYI1SdlBjNw+RV0rots'],
];

// ---------------------------------------------------------------------------------------------

describe('fixed vectors of golang.org/x/mod/sumdb/note', () => {
  it('signs the documented note byte for byte with PeterNeumann’s signer key', () => {
    expect(signNote(goText, [peterSigner])).toBe(`${goText}\n${peterSig}`);
    expect(signNote(goText, [parseSignerKey(peterSigner)])).toBe(`${goText}\n${peterSig}`);
  });

  it('derives the verifier key from the signer key', () => {
    const signer = parseSignerKey(peterSigner);
    expect(signer.name).toBe('PeterNeumann');
    expect(signer.keyHash).toBe(0xc74f20a3);
    expect(signer.keyId).toBe('c74f20a3');
    expect(signer.verifierKey).toBe(peterVerifier);
    const verifier = parseVerifierKey(peterVerifier);
    expect(verifier.encoded).toBe(peterVerifier);
    expect(verifierKeyFor('PeterNeumann', verifier.publicKey)).toBe(peterVerifier);
    expect(parseVerifierKey(enochVerifier).keyId).toBe('af0cfe78');
  });

  it('agrees with a direct computation of the key hash and of the Ed25519 signature', () => {
    // Independent of the module's parsing: decode the key and the signature line by hand.
    const typed = Buffer.from(peterVerifier.split('+')[2] ?? '', 'base64');
    expect(typed[0]).toBe(0x01);
    const pub = typed.subarray(1);
    const digest = createHash('sha256').update('PeterNeumann\n').update(typed).digest();
    expect(digest.subarray(0, 4).toString('hex')).toBe('c74f20a3');
    expect(ed25519KeyHash('PeterNeumann', pub)).toBe(0xc74f20a3);
    const sig = Buffer.from(peterB64, 'base64');
    expect(sig.subarray(0, 4).toString('hex')).toBe('c74f20a3');
    expect(rawVerify(null, Buffer.from(goText), spki(pub), sig.subarray(4))).toBe(true);
  });

  it('opens with one key known and one not (TestOpen)', () => {
    const opened = openNote(`${goText}\n${peterSig}${enochSig}`, [peterVerifier]);
    expect(opened.text).toBe(goText);
    expect(opened.verifiedBy).toEqual(['PeterNeumann']);
    expect(opened.verified).toEqual([{ name: 'PeterNeumann', keyHash: 0xc74f20a3, keyId: 'c74f20a3', base64: peterB64 }]);
    expect(opened.unverified).toEqual([{ name: 'EnochRoot', keyHash: 0xaf0cfe78, keyId: 'af0cfe78', base64: enochB64 }]);
  });

  it('opens with both keys known, the doubly signed note of the package documentation', () => {
    const opened = openNote(`${goText}\n${peterSig}${enochSig}`, [peterVerifier, enochVerifier]);
    expect(opened.verifiedBy).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(opened.unverified).toEqual([]);
  });

  it('refuses a note signed by no known key, naming the keys it has', () => {
    refused(() => openNote(`${goText}\n${peterSig}${enochSig}`, []), 'unverified-note', /PeterNeumann\+c74f20a3, EnochRoot\+af0cfe78/);
  });

  it('refuses more than 100 signatures, known or not', () => {
    const many = `${goText}\n${peterSig.repeat(101)}`;
    refused(() => openNote(many, [peterVerifier]), 'malformed-note', /101 signature lines/);
    refused(() => openNote(many, []), 'malformed-note', /101 signature lines/);
    expect(openNote(`${goText}\n${peterSig.repeat(100)}`, [peterVerifier]).verifiedBy).toEqual(['PeterNeumann']);
  });

  it('refuses a known key’s signature that does not verify (Go’s "ABCD" insertion)', () => {
    const altered = `${goText}\n${insertAtByte(peterSig, 60, 'ABCD')}`;
    refused(() => openNote(altered, [peterVerifier]), 'invalid-signature', /^invalid signature for key PeterNeumann\+c74f20a3/);
  });

  it('drops repeated lines and keeps distinct unknown ones', () => {
    const enochABCD = insertAtByte(enochSig, 60, 'ABCD');
    const opened = openNote(`${goText}\n${peterSig}${peterSig}${enochSig}${enochSig}${enochABCD}`, [peterVerifier]);
    expect(opened.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(opened.unverified.map((s) => s.base64)).toEqual([
      enochB64,
      'rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n' + 'ABCD' + '2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=',
    ]);
  });

  it('refuses the malformed messages of TestOpen', () => {
    const bad: readonly [string | Uint8Array, RegExp][] = [
      [goText, /no blank line/],
      [`${goText}\n`, /no signature lines/],
      [`${goText}\n${peterSig.slice(0, -1)}`, /does not end in a newline/],
      [`\u0001${goText}\n${peterSig}`, /line 1 contains the control character U\+0001/],
      [Buffer.concat([Buffer.from([0xff]), Buffer.from(`${goText}\n${peterSig}`)]), /not valid UTF-8/],
      [`${goText}\n— Bad Name ${peterB64}`, /does not end in a newline/],
      [`${goText}\n— Bad Name ${peterB64}\n`, /not canonical standard base64/],
      [`${goText}\n${peterSig}Unexpected line.\n`, /signature line 2 does not begin with "— "/],
    ];
    for (const [note, message] of bad) refused(() => openNote(note, [peterVerifier]), 'malformed-note', message);
  });

  it('refuses every substring and every one-character change of the keys (TestNewVerifier, TestNewSigner)', () => {
    for (const key of [peterVerifier, peterSigner]) {
      const parse = key === peterVerifier ? parseVerifierKey : parseSignerKey;
      expect(() => parse(key)).not.toThrow();
      for (let i = 0; i <= key.length; i += 1) {
        for (let j = i + 1; j <= key.length; j += 1) {
          if (i === 0 && j === key.length) continue;
          refused(() => parse(key.slice(i, j)), 'malformed-key');
        }
      }
      for (let i = 0; i < key.length; i += 1) {
        const changed = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
        refused(() => parse(changed), 'malformed-key');
      }
    }
    // Wrong key length and unknown algorithm, each with a key hash that matches the bytes. The
    // first also has stray bits in its last base64 character ("Y" before "=="), which Go's
    // decoder lets pass and this module refuses first.
    refused(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='), 'malformed-key', /not canonical standard base64/);
    const longer = Buffer.concat([Buffer.from(peterVerifier.split('+')[2] ?? '', 'base64'), Buffer.from('BADKEY')]);
    refused(() => parseVerifierKey(`PeterNeumann+${ed25519KeyHash('PeterNeumann', longer.subarray(1)).toString(16).padStart(8, '0')}+${b64(longer)}`), 'malformed-key', /32 bytes, not 38/);
    refused(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), 'malformed-key', /unknown signature type 0x65/);
  });
});

describe('fixed vectors of c2sp.org/signed-note and transparency-dev/formats', () => {
  it('opens the signed-note specification’s example', () => {
    const opened = openNote(exampleNote, [exampleVerifier]);
    expect(opened.text).toBe('This is an example message.\n');
    expect(opened.verifiedBy).toEqual(['example.com/foo']);
  });

  it('opens a checkpoint of the Go checksum database and writes its text back byte for byte', () => {
    const opened = openCheckpoint(sumdbCheckpoint, [sumdbVerifier], { origin: 'go.sum database tree' });
    expect(opened.verifiedBy).toEqual(['sum.golang.org']);
    expect(opened.checkpoint.origin).toBe('go.sum database tree');
    expect(opened.checkpoint.size).toBe(6476701n);
    expect(b64(opened.checkpoint.root)).toBe('mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=');
    expect(opened.checkpoint.extensions).toEqual([]);
    expect(formatCheckpoint(opened.checkpoint)).toBe(opened.text);
    refused(
      () => openCheckpoint(sumdbCheckpoint, [sumdbVerifier], { origin: 'Go rocks but I might have the wrong ID' }),
      'wrong-origin',
      /"go.sum database tree" is not the expected/,
    );
  });

  it('derives the verifier keys of the Go-made key pairs, "+" in the base64 included', () => {
    for (const [signer, verifier] of formatsKeyPairs) {
      expect(parseSignerKey(signer).verifierKey).toBe(verifier);
      expect(parseVerifierKey(verifier).encoded).toBe(verifier);
    }
  });

  it('counts signatures as log.ParseCheckpoint’s tests do', () => {
    const [log, known, knownAgain, unknown] = formatsKeyPairs.map(([s]) => s) as [string, string, string, string];
    const [logV, knownV, knownAgainV] = formatsKeyPairs.map(([, v]) => v) as [string, string, string];
    const body = formatCheckpoint({ origin: 'TestParseCheckpoint', size: 42, root: leafHash('abcdef') });
    const count = (signers: string[]) =>
      openCheckpoint(signNote(body, signers), [logV, knownV, knownAgainV], { origin: 'TestParseCheckpoint' }).verified.length;
    expect(count([log])).toBe(1);
    expect(count([log, known])).toBe(2);
    expect(count([log, known, unknown])).toBe(2);
    expect(count([knownAgain, log, known])).toBe(3);
    expect(count([log, known, knownAgain, unknown])).toBe(3);
    const twice = cosign(signNote(body, [log, known]), known);
    expect(openNote(twice, [logV, knownV]).verified.length).toBe(2);
    refused(() => signNote(body, [log, known, known]), 'malformed-note', /Known\+451c786d is given twice/);
  });

  it('refuses the checkpoints transparency-dev/formats refuses, and a few it accepts that C2SP does not', () => {
    const root = 'dGhlIHZpZXcgZnJvbSB0aGUgdHJlZSB0b3BzIGlzIGdyZWF0IQ==';
    const bad: readonly [string, RegExp][] = [
      ['Log\n123\nYmFuYW5hcw==\n', /line 3 \(root hash\) is 7 bytes, not 32/],
      ['Head\n9944\n', /2 lines, not the three/],
      [`\n9944\n${root}\n`, /line 1 \(origin\) is empty/],
      ['Log\n123\nYmFuYW5hcw==', /does not end in a newline/],
      [`Log\nbananas\n${root}\n`, /line 2 \(tree size\) "bananas" is not a decimal number/],
      [`Log\n-34\n${root}\n`, /"-34" is not a decimal number/],
      [`Log\n3438945738945739845734895735\n${root}\n`, /does not fit in 64 bits/],
      ["Log\n123\nThisIsn'tBase64\n", /line 3 \(root hash\) .* is not canonical standard base64/],
      [`Log\n9944\n${root}\n\n\n\n`, /line 4 \(extension\) is empty/],
    ];
    for (const [text, message] of bad) refused(() => parseCheckpoint(text), 'malformed-checkpoint', message);
    refused(() => formatCheckpoint({ origin: 'Log', size: 123, root: Buffer.from('bananas') }), 'malformed-checkpoint', /7 bytes, not 32/);
  });
});

// ---------------------------------------------------------------------------------------------

const origin = 'aidtrace.example/ledger';
const logKeys = generateSignerKey(origin);
const witnessKeys = generateSignerKey('witness.example/w1');

function ledgerRoot(size: number): Uint8Array {
  const frontier = new MerkleFrontier();
  for (let i = 0; i < size; i += 1) frontier.append(leafHash(`event ${i}`));
  return frontier.root();
}

describe('keys', () => {
  it('generates key pairs that parse and match', () => {
    expect(logKeys.signer).toMatch(/^PRIVATE\+KEY\+aidtrace\.example\/ledger\+[0-9a-f]{8}\+A[Q-Za-f][A-Za-z0-9+/]{42}$/);
    expect(logKeys.verifier).toMatch(/^aidtrace\.example\/ledger\+[0-9a-f]{8}\+A[Q-Za-f][A-Za-z0-9+/]{42}$/);
    const signer = parseSignerKey(logKeys.signer);
    const verifier = parseVerifierKey(logKeys.verifier);
    expect(signer.verifierKey).toBe(logKeys.verifier);
    expect(signer.keyHash).toBe(verifier.keyHash);
    expect(logKeys.signer.split('+')[3]).toBe(verifier.keyId);
    const message = Buffer.from('hi');
    const sig = signer.sign(message);
    expect(verifier.verify(message, sig)).toBe(true);
    sig[0] = (sig[0] ?? 0) ^ 1;
    expect(verifier.verify(message, sig)).toBe(false);
    expect(generateSignerKey(origin).signer).not.toBe(logKeys.signer);
  });

  it('hashes a non-ASCII name as UTF-8', () => {
    const keys = generateSignerKey('Señor-1');
    const verifier = parseVerifierKey(keys.verifier);
    const typed = Buffer.concat([Buffer.from([1]), verifier.publicKey]);
    const digest = createHash('sha256').update(Buffer.from('Señor-1\n', 'utf8')).update(typed).digest();
    expect(verifier.keyId).toBe(digest.subarray(0, 4).toString('hex'));
  });

  it('refuses bad key names, saying what is wrong', () => {
    const cases: readonly [string, RegExp][] = [
      ['', /key name is empty/],
      ['a b', /space character U\+0020/],
      ['a\u00a0b', /space character U\+00A0/],
      ['a\u3000b', /space character U\+3000/],
      ['a+b', /contains "\+"/],
      ['a\nb', /control character U\+000A/],
      ['a\u0001b', /control character U\+0001/],
      ['a\ud800b', /lone surrogate/],
    ];
    for (const [name, message] of cases) {
      refused(() => generateSignerKey(name), 'malformed-key', message);
      refused(() => verifierKeyFor(name, new Uint8Array(32)), 'malformed-key', message);
    }
  });

  it('refuses malformed verifier keys, saying what is wrong', () => {
    const [, , keyPart = ''] = peterVerifier.split('+');
    const cases: readonly [string, RegExp][] = [
      ['PeterNeumann', /expected <name>\+<key hash>\+<base64 key>/],
      ['PeterNeumann+c74f20a3', /expected <name>\+<key hash>\+<base64 key>/],
      [`+c74f20a3+${keyPart}`, /key name is empty/],
      [`Peter Neumann+c74f20a3+${keyPart}`, /space character/],
      [`PeterNeumann+C74F20A3+${keyPart}`, /8 lowercase hex digits, not "C74F20A3"/],
      [`PeterNeumann+c74f20a+${keyPart}`, /8 lowercase hex digits/],
      [`PeterNeumann+c74f20a4+${keyPart}`, /key hash c74f20a4 does not match the name and key \(which hash to c74f20a3\)/],
      [`PeterNeumann+c74f20a3+${keyPart.slice(0, -1)}`, /not canonical standard base64/],
      ['PeterNeumann+c74f20a3+', /not canonical standard base64/],
      [`PeterNeumann+c74f20a3+${b64(new Uint8Array(33).fill(2))}`, /unknown signature type 0x02/],
      [`PeterNeumann+c74f20a3+${b64(Uint8Array.of(1, ...new Uint8Array(31)))}`, /32 bytes, not 31/],
    ];
    for (const [key, message] of cases) refused(() => parseVerifierKey(key), 'malformed-key', message);
    refused(() => verifierKeyFor('x', new Uint8Array(31)), 'malformed-key', /32 bytes, not 31/);
  });

  it('refuses malformed signer keys without quoting the secret', () => {
    const secret = peterSigner.split('+').slice(4).join('+');
    const cases: readonly [string, RegExp][] = [
      [peterVerifier, /does not begin with "PRIVATE\+KEY\+"/],
      [`PRIVATE+KEY+PeterNeumann+c74f20a4+${secret}`, /key hash c74f20a4 does not match the name and key \(which hash to c74f20a3\)/],
      [`PRIVATE+KEY+EnochRoot+c74f20a3+${secret}`, /key hash c74f20a3 does not match/],
      [`PRIVATE+KEY+PeterNeumann+c74f20a3+${secret.slice(0, -4)}`, /seed is 32 bytes, not 29/],
      [`PRIVATE+KEY+PeterNeumann+c74f20a3+${secret}=`, /not canonical standard base64/],
    ];
    for (const [key, message] of cases) {
      const error = refused(() => parseSignerKey(key), 'malformed-key', message);
      expect(error.message).not.toContain(secret.slice(0, 12));
    }
    const signer = parseSignerKey(peterSigner);
    expect(JSON.stringify(signer)).not.toContain(secret.slice(0, 12));
    expect(String(signer)).toBe('NoteSigner(PeterNeumann+c74f20a3)');
  });

  it('accepts one verifier key given twice', () => {
    const twice = [peterVerifier, parseVerifierKey(peterVerifier)];
    expect(openNote(`${goText}\n${peterSig}`, twice).verifiedBy).toEqual(['PeterNeumann']);
  });
});

describe('checkpoints', () => {
  it('formats and parses a checkpoint of the ledger’s tree', () => {
    const root = ledgerRoot(7);
    expect(root).toEqual(rootOf(Array.from({ length: 7 }, (_, i) => leafHash(`event ${i}`))));
    const text = formatCheckpoint({ origin, size: 7, root });
    expect(text).toBe(`${origin}\n7\n${b64(root)}\n`);
    expect(parseCheckpoint(text)).toEqual({ origin, size: 7n, root, extensions: [] });
    const extended = formatCheckpoint({ origin, size: 7n, root, extensions: ['Timestamp: 1700000000', 'x'] });
    expect(extended).toBe(`${origin}\n7\n${b64(root)}\nTimestamp: 1700000000\nx\n`);
    expect(parseCheckpoint(extended).extensions).toEqual(['Timestamp: 1700000000', 'x']);
  });

  it('writes and reads the empty tree and the largest size', () => {
    const empty = createHash('sha256').digest();
    expect(formatCheckpoint({ origin, size: 0, root: empty })).toBe(`${origin}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n`);
    const max = formatCheckpoint({ origin, size: maxCheckpointSize, root: empty });
    expect(max.split('\n')[1]).toBe('18446744073709551615');
    expect(parseCheckpoint(max).size).toBe(maxCheckpointSize);
  });

  it('refuses malformed checkpoint texts, naming the line and the fault', () => {
    const root = b64(ledgerRoot(3));
    const zeros = 'A'.repeat(42) + 'A=';
    const cases: readonly [string, RegExp][] = [
      ['', /does not end in a newline/],
      ['\n', /1 line, not the three/],
      [`${origin}\n3\n`, /2 lines, not the three/],
      [`${origin}\n3\n${root}`, /does not end in a newline/],
      [`${origin}\r\n3\n${root}\n`, /line 1 \(origin\) contains the control character U\+000D/],
      [`${origin}\n\n${root}\n`, /line 2 \(tree size\) is empty/],
      [`${origin}\n03\n${root}\n`, /"03" has a leading zero/],
      [`${origin}\n00\n${root}\n`, /"00" has a leading zero/],
      [`${origin}\n+3\n${root}\n`, /"\+3" is not a decimal number/],
      [`${origin}\n 3\n${root}\n`, /" 3" is not a decimal number/],
      [`${origin}\n3.0\n${root}\n`, /"3.0" is not a decimal number/],
      [`${origin}\n3e2\n${root}\n`, /"3e2" is not a decimal number/],
      [`${origin}\n١٢\n${root}\n`, /is not a decimal number/],
      [`${origin}\n18446744073709551616\n${root}\n`, /does not fit in 64 bits/],
      [`${origin}\n3\n\n`, /line 3 \(root hash\) is empty/],
      [`${origin}\n3\n${root.slice(0, -1)}\n`, /line 3 \(root hash\) .* is not canonical standard base64/],
      [`${origin}\n3\n${zeros.slice(0, -2)}B=\n`, /is not canonical standard base64/],
      [`${origin}\n3\n${root.replace(/\+/g, '-').replace(/\//g, '_')}x\n`, /is not canonical standard base64/],
      [`${origin}\n3\n${b64(new Uint8Array(33))}\n`, /is 33 bytes, not 32/],
      [`${origin}\n3\n${root}\n\n`, /line 4 \(extension\) is empty/],
      [`${origin}\n3\n${root}\next\tension\n`, /line 4 \(extension\) contains the control character U\+0009/],
    ];
    for (const [text, message] of cases) refused(() => parseCheckpoint(text), 'malformed-checkpoint', message);
    expect(parseCheckpoint(`${origin}\n3\n${zeros}\n`).root).toEqual(new Uint8Array(32));
  });

  it('refuses checkpoint fields it cannot write', () => {
    const root = ledgerRoot(3);
    const cases: readonly [Parameters<typeof formatCheckpoint>[0], RegExp][] = [
      [{ origin: '', size: 3, root }, /the origin is empty/],
      [{ origin: 'a\nb', size: 3, root }, /the origin contains the control character U\+000A/],
      [{ origin: 'a\ud800', size: 3, root }, /lone surrogate/],
      [{ origin, size: -1, root }, /tree size -1 is negative/],
      [{ origin, size: 1.5, root }, /tree size 1.5 is not a safe integer/],
      [{ origin, size: 2 ** 53, root }, /is not a safe integer/],
      [{ origin, size: Number.NaN, root }, /is not a safe integer/],
      [{ origin, size: 2n ** 64n, root }, /does not fit in 64 bits/],
      [{ origin, size: 3, root: root.subarray(1) }, /root hash is 31 bytes, not 32/],
      [{ origin, size: 3, root, extensions: [''] }, /extension line 1 is empty/],
      [{ origin, size: 3, root, extensions: ['ok', 'two\nlines'] }, /extension line 2 contains the control character U\+000A/],
    ];
    for (const [fields, message] of cases) refused(() => formatCheckpoint(fields), 'malformed-checkpoint', message);
  });

  it('signs and opens a checkpoint, and refuses one of another log', () => {
    const root = ledgerRoot(12);
    const note = signCheckpoint({ origin, size: 12, root }, [logKeys.signer]);
    const opened = openCheckpoint(note, [logKeys.verifier], { origin });
    expect(opened.checkpoint).toEqual({ origin, size: 12n, root, extensions: [] });
    expect(opened.verifiedBy).toEqual([origin]);
    refused(() => openCheckpoint(note, [logKeys.verifier], { origin: 'other.example/log' }), 'wrong-origin');
    refused(() => openCheckpoint(signNote('hello\n', [logKeys.signer]), [logKeys.verifier], { origin }), 'malformed-checkpoint', /1 line/);
  });
});

describe('signing and opening notes', () => {
  const note = signCheckpoint({ origin, size: 5, root: ledgerRoot(5) }, [logKeys.signer]);

  it('signs a note that opens with the key and that an independent verifier accepts', () => {
    const text = formatCheckpoint({ origin, size: 5, root: ledgerRoot(5) });
    expect(note.startsWith(`${text}\n— ${origin} `)).toBe(true);
    const opened = openNote(note, [logKeys.verifier]);
    expect(opened.text).toBe(text);
    const line = note.slice(text.length + 1, -1);
    const sig = Buffer.from(line.split(' ')[2] ?? '', 'base64');
    const verifier = parseVerifierKey(logKeys.verifier);
    expect(sig.readUInt32BE(0)).toBe(verifier.keyHash);
    expect(rawVerify(null, Buffer.from(text), spki(verifier.publicKey), sig.subarray(4))).toBe(true);
    expect(openNote(Buffer.from(note), [parseVerifierKey(logKeys.verifier)]).text).toBe(text);
  });

  it('fails on every single-bit change anywhere in the note', () => {
    const bytes = Buffer.from(note, 'utf8');
    for (let i = 0; i < bytes.length; i += 1) {
      for (let bit = 0; bit < 8; bit += 1) {
        const changed = Buffer.from(bytes);
        changed[i] = (changed[i] ?? 0) ^ (1 << bit);
        expect(() => openNote(changed, [logKeys.verifier]), `byte ${i} bit ${bit}`).toThrow(NoteError);
      }
    }
  });

  it('names the fault: text, signature and key hash changed', () => {
    const text = note.slice(0, note.lastIndexOf('\n\n') + 1);
    const [, name = '', sig64 = ''] = note.slice(text.length + 1, -1).split(' ');
    const sig = Buffer.from(sig64, 'base64');
    const lineWith = (bytes: Buffer) => `${text}\n— ${name} ${bytes.toString('base64')}\n`;
    refused(() => openNote(note.replace('\n5\n', '\n6\n'), [logKeys.verifier]), 'invalid-signature', `invalid signature for key ${origin}+`);
    for (const index of [4, 30, 67]) {
      const changed = Buffer.from(sig);
      changed[index] = (changed[index] ?? 0) ^ 0x01;
      refused(() => openNote(lineWith(changed), [logKeys.verifier]), 'invalid-signature');
    }
    for (const index of [0, 1, 2, 3]) {
      const changed = Buffer.from(sig);
      changed[index] = (changed[index] ?? 0) ^ 0x80;
      refused(() => openNote(lineWith(changed), [logKeys.verifier]), 'unverified-note');
    }
    refused(() => openNote(lineWith(sig.subarray(0, 67)), [logKeys.verifier]), 'invalid-signature');
    refused(() => openNote(lineWith(Buffer.concat([sig, Buffer.from([0])])), [logKeys.verifier]), 'invalid-signature');
    refused(() => openNote(lineWith(sig.subarray(0, 4)), [logKeys.verifier]), 'malformed-note', /4 bytes/);
  });

  it('refuses bad texts and bad signer lists', () => {
    refused(() => signNote('', [logKeys.signer]), 'malformed-note', /does not end in a newline/);
    refused(() => signNote('no newline', [logKeys.signer]), 'malformed-note', /does not end in a newline/);
    refused(() => signNote('a\r\n', [logKeys.signer]), 'malformed-note', /line 1 contains the control character U\+000D/);
    refused(() => signNote('ok\nta\tb\n', [logKeys.signer]), 'malformed-note', /line 2 contains the control character U\+0009/);
    refused(() => signNote('\ud800\n', [logKeys.signer]), 'malformed-note', /lone surrogate/);
    refused(() => signNote('a\n', []), 'malformed-note', /no signer keys/);
    refused(() => signNote('a\n', Array.from({ length: 101 }, () => logKeys.signer)), 'malformed-note', /101 signers/);
    refused(() => signNote('a\n', [logKeys.verifier]), 'malformed-key', /PRIVATE\+KEY/);
    refused(() => openNote(note, ['not a key']), 'malformed-key');
  });

  it('round-trips texts with blank lines, non-ASCII and a byte order mark', () => {
    for (const text of ['\n', 'a\n\n', 'a\n\nb\n', '\ufeffÄ — 😀\n', '— looks like a signature line\n']) {
      const signed = signNote(text, [logKeys.signer]);
      expect(openNote(signed, [logKeys.verifier]).text).toBe(text);
      expect(openNote(Buffer.from(signed), [logKeys.verifier]).text).toBe(text);
    }
  });
});

describe('cosigning', () => {
  const text = formatCheckpoint({ origin, size: 9, root: ledgerRoot(9) });
  const logged = signNote(text, [logKeys.signer]);

  it('adds a witness line after the log’s, which stays as it was', () => {
    const cosigned = cosign(logged, witnessKeys.signer, { verifiers: [logKeys.verifier] });
    expect(cosigned.startsWith(logged)).toBe(true);
    expect(cosigned.split('\n— ').length).toBe(3);
    const both = openNote(cosigned, [logKeys.verifier, witnessKeys.verifier]);
    expect(both.verifiedBy).toEqual([origin, 'witness.example/w1']);
    const witnessOnly = openNote(cosigned, [witnessKeys.verifier]);
    expect(witnessOnly.verifiedBy).toEqual(['witness.example/w1']);
    expect(witnessOnly.unverified.map((s) => s.name)).toEqual([origin]);
    expect(cosigned).toBe(signNote(text, [logKeys.signer, witnessKeys.signer]));
  });

  it('cosigns the Go note of PeterNeumann', () => {
    const cosigned = cosign(`${goText}\n${peterSig}${enochSig}`, witnessKeys.signer, { verifiers: [peterVerifier] });
    expect(cosigned.startsWith(`${goText}\n${peterSig}${enochSig}— witness.example/w1 `)).toBe(true);
    expect(openNote(cosigned, [peterVerifier, enochVerifier, witnessKeys.verifier]).verifiedBy).toEqual([
      'PeterNeumann',
      'EnochRoot',
      'witness.example/w1',
    ]);
  });

  it('replaces a line of the same key rather than adding a second one', () => {
    const again = cosign(logged, logKeys.signer);
    expect(again).toBe(logged);
    const withWitness = cosign(cosign(logged, witnessKeys.signer), logKeys.signer);
    expect(openNote(withWitness, [logKeys.verifier, witnessKeys.verifier]).verifiedBy).toEqual(['witness.example/w1', origin]);
  });

  it('refuses to cosign what the given keys do not vouch for', () => {
    refused(() => cosign(logged, witnessKeys.signer, { verifiers: [witnessKeys.verifier] }), 'unverified-note');
    const tampered = logged.replace('\n9\n', '\n10\n');
    refused(() => cosign(tampered, witnessKeys.signer, { verifiers: [logKeys.verifier] }), 'invalid-signature');
    refused(() => cosign(text, witnessKeys.signer), 'malformed-note', /no blank line/);
  });

  it('detects a tampered witness line even when the log’s verifies', () => {
    const cosigned = cosign(logged, witnessKeys.signer);
    const lines = cosigned.split('\n');
    const last = lines[lines.length - 2] ?? '';
    const [dash = '', name = '', sig64 = ''] = last.split(' ');
    const sig = Buffer.from(sig64, 'base64');
    sig[20] = (sig[20] ?? 0) ^ 0x04;
    lines[lines.length - 2] = [dash, name, sig.toString('base64')].join(' ');
    const tampered = lines.join('\n');
    expect(openNote(tampered, [logKeys.verifier]).verifiedBy).toEqual([origin]);
    refused(() => openNote(tampered, [logKeys.verifier, witnessKeys.verifier]), 'invalid-signature', /witness\.example\/w1\+/);
  });
});

describe('properties', () => {
  const lineChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter((s) => !/[\u0000-\u001f]|\p{Cs}/u.test(s));
  const fields = fc.record({
    origin: lineChar,
    size: fc.bigInt({ min: 0n, max: maxCheckpointSize }),
    root: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    extensions: fc.array(lineChar, { maxLength: 3 }),
  });

  it('parseCheckpoint(formatCheckpoint(c)) is c, and the text is the spec’s lines', () => {
    fc.assert(
      fc.property(fields, (c) => {
        const text = formatCheckpoint(c);
        expect(text).toBe([c.origin, c.size.toString(), b64(c.root), ...c.extensions].map((l) => `${l}\n`).join(''));
        expect(parseCheckpoint(text)).toEqual(c);
      }),
      { numRuns: 300 },
    );
  });

  it('takes numbers and bigints alike', () => {
    fc.assert(
      fc.property(fc.nat(), fc.uint8Array({ minLength: 32, maxLength: 32 }), (size, root) => {
        expect(formatCheckpoint({ origin, size, root })).toBe(formatCheckpoint({ origin, size: BigInt(size), root }));
      }),
    );
  });

  it('parseCheckpoint of any text returns what formats back to it, or throws a malformed-checkpoint NoteError', () => {
    const texts = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 120 }),
      fields.map((c) => formatCheckpoint(c)),
      fc.tuple(fields, fc.nat(), fc.string({ maxLength: 3 })).map(([c, at, insert]) => {
        const text = formatCheckpoint(c);
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i);
      }),
    );
    fc.assert(
      fc.property(texts, (text) => {
        let parsed;
        try {
          parsed = parseCheckpoint(text);
        } catch (error) {
          expect(error).toBeInstanceOf(NoteError);
          expect((error as NoteError).code).toBe('malformed-checkpoint');
          return;
        }
        expect(formatCheckpoint(parsed)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('a signed checkpoint opens, cosigned or not, and any other origin, size or root does not verify', () => {
    fc.assert(
      fc.property(fields, fc.bigInt({ min: 0n, max: maxCheckpointSize }), (c, otherSize) => {
        const signed = signCheckpoint(c, [logKeys.signer]);
        const opened = openCheckpoint(signed, [logKeys.verifier], { origin: c.origin });
        expect(opened.checkpoint).toEqual(c);
        const cosigned = cosign(signed, witnessKeys.signer, { verifiers: [logKeys.verifier] });
        expect(openNote(cosigned, [logKeys.verifier, witnessKeys.verifier]).verifiedBy).toEqual([origin, 'witness.example/w1']);
        if (otherSize !== c.size) {
          const text = formatCheckpoint(c);
          const forged = formatCheckpoint({ ...c, size: otherSize }) + signed.slice(text.length);
          refused(() => openNote(forged, [logKeys.verifier]), 'invalid-signature');
        }
      }),
      { numRuns: 100 },
    );
  });

  it('openNote of any input throws only NoteErrors', () => {
    const signed = signNote(goText, [peterSigner]);
    const inputs = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }),
      fc.tuple(fc.nat(), fc.string({ maxLength: 4 })).map(([at, insert]) => {
        const i = at % (signed.length + 1);
        return signed.slice(0, i) + insert + signed.slice(i);
      }),
    );
    fc.assert(
      fc.property(inputs, (input) => {
        try {
          openNote(input, [peterVerifier]);
        } catch (error) {
          expect(error).toBeInstanceOf(NoteError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

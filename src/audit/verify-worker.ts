/**
 * The code of the thread that hashes pages of rows for `verifyChain` (see verify.ts), run with
 * `new Worker(verifyWorkerSource, { eval: true })`: plain JavaScript with no imports of the
 * project's modules, so the same text runs under tsx, vitest and the compiled package.
 *
 * A page comes as one ArrayBuffer (transferred, not copied) of records, one per row:
 *
 *   [ row.hash: 64 bytes ][ row.prevHash: 64 bytes ][ rowBytes(row) in UTF-8 ]
 *
 * and `ends`, the offset where each record ends. For each row in order the thread checks the
 * chain link — SHA-256(prevHash ‖ rowBytes) in hex equals row.hash — and stops at the first
 * that fails (`bad`, its index, or -1). For each row before it: the leaf hash
 * SHA-256(0x00 ‖ rowBytes), the 0x00 written over the last byte of prevHash, into `leaves`
 * (32 bytes each, transferred back). With `wantRoot` and no failure, also the root of the
 * page's leaves as a binary string (see merkle.ts `BinaryHash`). The page's buffer goes back too,
 * to be packed again.
 */
export const verifyWorkerSource = String.raw`
const { parentPort } = require('node:worker_threads');
const { hash } = require('node:crypto');
const { Buffer } = require('node:buffer');
const scratch = Buffer.alloc(65, 1);
const nodeHash = (left, right) => {
  scratch.write(left, 1, 32, 'latin1');
  scratch.write(right, 33, 32, 'latin1');
  return hash('sha256', scratch, 'latin1');
};
parentPort.on('message', ({ id, data, ends, wantRoot }) => {
  const bytes = new Uint8Array(data);
  const text = Buffer.from(data);
  const count = ends.length;
  // Both hashes were written as ASCII; compare the stored one with the computed hex digest byte by byte.
  const same = (digest, at) => {
    for (let k = 0; k < 64; k += 1) if (text[at + k] !== digest.charCodeAt(k)) return false;
    return true;
  };
  const leaves = Buffer.allocUnsafeSlow(count * 32);
  const stack = [];
  let bad = -1;
  let start = 0;
  for (let i = 0; i < count; i += 1) {
    const end = ends[i];
    if (!same(hash('sha256', bytes.subarray(start + 64, end), 'hex'), start)) {
      bad = i;
      break;
    }
    bytes[start + 127] = 0;
    const leaf = hash('sha256', bytes.subarray(start + 127, end), 'latin1');
    leaves.latin1Write(leaf, i * 32, 32);
    if (wantRoot) {
      let node = leaf;
      for (let rest = i; rest % 2 === 1; rest = (rest - 1) / 2) node = nodeHash(stack.pop(), node);
      stack.push(node);
    }
    start = end;
  }
  let root = null;
  if (wantRoot && bad === -1 && stack.length > 0) {
    root = stack[stack.length - 1];
    for (let i = stack.length - 2; i >= 0; i -= 1) root = nodeHash(stack[i], root);
  }
  const out = leaves.buffer;
  parentPort.postMessage({ id, bad, leaves: out, root, data }, [out, data]);
});
`;

/**
 * Read throughput of the HTTP API: GET /api/reports/pipeline as the public, beside a bare
 * Fastify route that returns the same bytes, both loaded by autocannon over loopback in the same
 * run. The servers run in a child process (./http-server.ts); the sides alternate in rounds and
 * each side's requests are summed.
 *
 *   npx tsx bench/http.ts [--seconds 5] [--rounds 2] [--connections 10]
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export interface HttpFigures {
  readonly path: string;
  readonly bytes: number;
  readonly oursPerS: number;
  readonly barePerS: number;
  readonly oursP99Ms: number;
  readonly bareP99Ms: number;
  readonly errors: number;
}

function load(url: string, seconds: number, connections: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, pipelining: 1 }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

export async function httpFigures(seconds: number, rounds: number, connections: number): Promise<HttpFigures> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'http-server.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const match = /^PORTS .*$/m.exec(out);
        if (match) resolve(match[0]);
      });
      child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    });
    const [, oursPort, barePort, path, bytes] = line.split(' ') as [string, string, string, string, string];
    const ours = `http://127.0.0.1:${oursPort}${path}`;
    const bare = `http://127.0.0.1:${barePort}${path}`;
    // Warm both up (JIT, the report cache), then alternate.
    await load(ours, 1, connections);
    await load(bare, 1, connections);
    let oursRequests = 0;
    let bareRequests = 0;
    let oursSeconds = 0;
    let bareSeconds = 0;
    let errors = 0;
    const p99 = { ours: 0, bare: 0 };
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? (['bare', 'ours'] as const) : (['ours', 'bare'] as const);
      for (const side of order) {
        const result = await load(side === 'ours' ? ours : bare, seconds, connections);
        errors += result.errors + result.non2xx;
        if (side === 'ours') {
          oursRequests += result.requests.total;
          oursSeconds += result.duration;
          p99.ours = Math.max(p99.ours, result.latency.p99);
        } else {
          bareRequests += result.requests.total;
          bareSeconds += result.duration;
          p99.bare = Math.max(p99.bare, result.latency.p99);
        }
      }
    }
    return {
      path,
      bytes: Number(bytes),
      oursPerS: oursRequests / oursSeconds,
      barePerS: bareRequests / bareSeconds,
      oursP99Ms: p99.ours,
      bareP99Ms: p99.bare,
      errors,
    };
  } finally {
    child.stdin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { seconds: { type: 'string', default: '5' }, rounds: { type: 'string', default: '2' }, connections: { type: 'string', default: '10' } },
    strict: true,
  });
  const figures = await httpFigures(Number(values.seconds), Number(values.rounds), Number(values.connections));
  const ratio = figures.oursPerS / figures.barePerS;
  console.log(
    `GET ${figures.path} (${figures.bytes} bytes, public): ${Math.round(figures.oursPerS)} req/s (p99 ${figures.oursP99Ms} ms) vs bare Fastify ${Math.round(figures.barePerS)} req/s (p99 ${figures.bareP99Ms} ms): ratio ${ratio.toFixed(3)} (target ≥ 0.5); ${figures.errors} errors`,
  );
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import type { IngestReport, RawArticle } from '../evidence/ingest.js';

type Failure = { readonly code?: ErrorCode; readonly message: string; readonly path?: string };

/**
 * Reads articles on a thread of its own, so that the server goes on answering other desks while
 * it reads (tens of articles take seconds). One thread, started on first use and not keeping the
 * process alive; readings queue on it in order. A reading's `DomainError` comes back as one.
 */
export class ArticleReader {
  #worker: Worker | undefined;
  #next = 0;
  readonly #pending = new Map<number, { resolve(report: IngestReport): void; reject(error: Error): void }>();

  read(raw: readonly RawArticle[]): Promise<IngestReport> {
    const worker = this.#start();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, raw });
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    // From the compiled package, the worker's file; from the TypeScript sources, a thread that
    // registers tsx first (a worker does not inherit the loader its parent was started with).
    const typescript = import.meta.url.endsWith('.ts');
    const file = new URL(`./article-reader-worker.${typescript ? 'ts' : 'js'}`, import.meta.url);
    const tsx = typescript ? tsxRegisterUrl() : '';
    const worker = typescript
      ? new Worker(`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(file.href)}); });`, { eval: true })
      : new Worker(file);
    worker.unref();
    worker.on('message', ({ id, report, error }: { id: number; report?: IngestReport; error?: Failure }) => {
      const pending = this.#pending.get(id);
      this.#pending.delete(id);
      if (!pending) return;
      if (report) pending.resolve(report);
      else pending.reject(error?.code ? new DomainError(error.code, error.message, error.path) : new Error(`reading articles: ${error?.message ?? 'no answer'}`));
    });
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`reading articles: the reading thread stopped (exit code ${code})`)));
    this.#worker = worker;
    return worker;
  }
}

/** The ESM entry of tsx's register API (`tsx/esm/api`, import condition), from tsx's own package.json. */
function tsxRegisterUrl(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const entry = exports['./esm/api']?.import.default;
  if (entry === undefined) throw new Error('tsx has no ./esm/api export: reading articles needs it when run from the TypeScript sources');
  return pathToFileURL(join(dirname(manifest), entry)).href;
}

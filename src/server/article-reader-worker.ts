/**
 * The thread `ArticleReader` reads articles on (see article-reader.ts): each message is one
 * reading, answered with its report or the error it raised.
 */
import { parentPort } from 'node:worker_threads';
import { DomainError } from '../domain/errors.js';
import { ingestArticles, type RawArticle } from '../evidence/ingest.js';

parentPort?.on('message', ({ id, raw }: { readonly id: number; readonly raw: readonly RawArticle[] }) => {
  try {
    parentPort?.postMessage({ id, report: ingestArticles(raw) });
  } catch (error) {
    const failure = error instanceof DomainError ? { code: error.code, message: error.message, path: error.path } : { message: error instanceof Error ? error.message : String(error) };
    parentPort?.postMessage({ id, error: failure });
  }
});

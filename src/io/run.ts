import { BatchRejected, type Ledger, type StreamSummary } from '../application/ledger.js';
import type { CommandEnvelope } from '../contract/commands.js';
import { DomainError } from '../domain/errors.js';
import { ImportRun, type Importer } from './format.js';

export interface ImportOptions {
  readonly actor?: string;
  readonly dryRun?: boolean;
  readonly chunkSize?: number;
  /** Called after each chunk with the number of commands read so far. */
  readonly onProgress?: (commands: number) => void;
}

/** What an import did: created (applied), already in the ledger (replayed), merged and skipped by reason. */
export interface ImportSummary {
  readonly created: number;
  readonly alreadyInLedger: number;
  readonly merged: Readonly<Record<string, number>>;
  readonly skipped: Readonly<Record<string, number>>;
  readonly events: number;
  readonly dryRun: boolean;
}

/**
 * Reads the files with the importer and applies what they stand for in ONE transaction: all
 * of it, or (on the first bad row or rejected command) none of it, with a DomainError naming
 * where. A dry run decides everything and rolls it back.
 */
export async function importFiles(ledger: Ledger, importer: Importer, files: readonly string[], options: ImportOptions = {}): Promise<ImportSummary> {
  let run: ImportRun | undefined;
  let summary: StreamSummary;
  const chunkSize = options.chunkSize ?? 1000;
  // Where the most recent commands came from: a rejected one is among the last chunk read.
  let recent = new Map<string, string>();
  let older = new Map<string, string>();
  async function* remembered(commands: AsyncIterable<CommandEnvelope>): AsyncGenerator<CommandEnvelope> {
    for await (const envelope of commands) {
      const source = envelope.command.provenance;
      if (source) recent.set(envelope.commandId, `${source.file} ${source.locator}`);
      if (recent.size >= chunkSize) [older, recent] = [recent, new Map()];
      yield envelope;
    }
  }
  try {
    summary = await ledger.executeStream(
      (view) => {
        run = new ImportRun(view);
        return remembered(importer.read(files, run));
      },
      {
        ...(options.actor === undefined ? {} : { actor: options.actor }),
        chunkSize,
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
        dryRun: options.dryRun ?? false,
      },
    );
  } catch (error) {
    if (!(error instanceof BatchRejected)) throw error;
    const first = error.results.find((result) => result.status === 'rejected');
    if (first?.status !== 'rejected') throw error;
    const where = recent.get(first.commandId) ?? older.get(first.commandId);
    throw new DomainError(first.error.code as never, `${where ?? first.commandId}: ${first.error.message}; nothing was written`, first.error.path);
  }
  return {
    created: summary.applied,
    alreadyInLedger: summary.replayed,
    merged: Object.fromEntries(run?.merged ?? []),
    skipped: Object.fromEntries(run?.skipped ?? []),
    events: summary.events,
    dryRun: options.dryRun ?? false,
  };
}

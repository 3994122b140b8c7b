import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { BatchRejected, type CommandResult, type Ledger } from '../application/ledger.js';
import { parseCommand, type CommandEnvelope } from '../contract/commands.js';
import { DomainError } from '../domain/errors.js';
import { limits } from '../domain/limits.js';

/** One line of a JSONL file that could not be applied. */
export interface LineProblem {
  readonly line: number;
  readonly commandId: string | undefined;
  readonly code: string;
  readonly message: string;
}

export interface ApplySummary {
  readonly applied: number;
  readonly replayed: number;
  readonly rejected: readonly LineProblem[];
  readonly written: boolean;
}

interface Parsed {
  readonly envelopes: { line: number; envelope: CommandEnvelope }[];
  readonly problems: LineProblem[];
}

async function readLines(file: string, lineBytesMax: number): Promise<Parsed> {
  const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  const envelopes: Parsed['envelopes'] = [];
  const problems: LineProblem[] = [];
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
    if (text.length > lineBytesMax) {
      problems.push({ line: number, commandId: undefined, code: 'LIMIT_EXCEEDED', message: `line is ${text.length} bytes, at most ${lineBytesMax}` });
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      problems.push({ line: number, commandId: undefined, code: 'VALIDATION_FAILED', message: `not JSON: ${(error as Error).message}` });
      continue;
    }
    try {
      envelopes.push({ line: number, envelope: parseCommand(json) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const id = (json as { id?: unknown } | null)?.id;
      problems.push({ line: number, commandId: typeof id === 'string' ? id : undefined, code: error.code, message: error.message });
    }
  }
  return { envelopes, problems };
}

function tally(results: readonly CommandResult[], lines: readonly number[]) {
  let applied = 0;
  let replayed = 0;
  const rejected: LineProblem[] = [];
  results.forEach((result, index) => {
    if (result.status === 'applied') applied += 1;
    else if (result.status === 'replayed') replayed += 1;
    else if (result.status === 'rejected') rejected.push({ line: lines[index] ?? 0, commandId: result.commandId, code: result.error.code, message: result.error.message });
  });
  return { applied, replayed, rejected };
}

/**
 * Applies a JSONL file of commands. All-or-nothing by default: any bad line and nothing is
 * written. With `continueOnError`, valid commands are applied and the rejected ones listed.
 */
export async function applyFile(
  ledger: Ledger,
  file: string,
  options: { continueOnError: boolean; batchSizeMax: number; lineBytesMax: number; actor: string },
): Promise<ApplySummary> {
  const { envelopes, problems } = await readLines(file, options.lineBytesMax);
  if (!options.continueOnError) {
    if (problems.length > 0) return { applied: 0, replayed: 0, rejected: problems, written: false };
    if (envelopes.length > limits.commandsPerBatchMax) {
      throw new DomainError('LIMIT_EXCEEDED', `${file}: ${envelopes.length} commands; all-or-nothing applies at most ${limits.commandsPerBatchMax}, use --continue for larger files`);
    }
    try {
      const results = await ledger.execute(envelopes.map((e) => e.envelope), { actor: options.actor });
      return { ...tally(results, envelopes.map((e) => e.line)), written: true };
    } catch (error) {
      if (!(error instanceof BatchRejected)) throw error;
      const partial = tally(error.results, envelopes.map((e) => e.line));
      return { applied: 0, replayed: 0, rejected: partial.rejected, written: false };
    }
  }
  let applied = 0;
  let replayed = 0;
  const rejected = [...problems];
  for (let start = 0; start < envelopes.length; start += options.batchSizeMax) {
    const batch = envelopes.slice(start, start + options.batchSizeMax);
    const results = await ledger.execute(batch.map((e) => e.envelope), { continueOnError: true, actor: options.actor });
    const counted = tally(results, batch.map((e) => e.line));
    applied += counted.applied;
    replayed += counted.replayed;
    rejected.push(...counted.rejected);
  }
  rejected.sort((a, b) => a.line - b.line);
  return { applied, replayed, rejected, written: applied > 0 };
}

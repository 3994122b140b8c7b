import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { DomainError } from '../../domain/errors.js';

/** One CSV record with where it came from, for error messages and provenance. */
export interface CsvRecord {
  readonly file: string;
  /** 1-based line of the record's first line in the file. */
  readonly line: number;
  readonly cells: readonly string[];
}

/**
 * Streams a CSV file record by record (RFC 4180 quoting, a BOM dropped, blank lines skipped),
 * in constant memory. A malformed file is a DomainError naming the file and line.
 */
export async function* csvRecords(file: string): AsyncGenerator<CsvRecord> {
  const parser = createReadStream(file).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { file, line: info.lines, cells: record };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DomainError('NOT_FOUND', `${file}: no such file`);
    const csv = error as { lines?: number; message: string };
    throw new DomainError('VALIDATION_FAILED', `${file}:${csv.lines ?? '?'}: not valid CSV (${csv.message})`);
  }
}

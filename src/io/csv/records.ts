import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { DomainError } from '../../domain/errors.js';

/** One CSV record with where it came from, for error messages and provenance. */
export interface CsvRecord {
  readonly file: string;
  /** 1-based line of the record's first line in the file. */
  readonly line: number;
  readonly cells: readonly string[];
}

/**
 * Counts lines by byte offset over the chunks of a stream, keeping only the chunks not yet
 * passed. csv-parse reports each record's end as a byte offset exactly, but its own line count
 * goes wrong with CR LF line ends inside quoted cells.
 */
class LineCounter {
  private readonly chunks: Buffer[] = [];
  /** Byte offset of chunks[0] in the file, and the line at `offset`. */
  private chunkStart = 0;
  private offset = 0;
  private line = 1;

  add(chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  /** The line of the first byte at or after `from` that is not a line break (where a record starts). */
  lineOfRecordAt(from: number): number {
    this.advance(from, false);
    this.advance(Number.MAX_SAFE_INTEGER, true);
    return this.line;
  }

  /** Counts line feeds up to `to`, or (untilContent) up to the next byte that is not CR or LF. */
  private advance(to: number, untilContent: boolean): void {
    while (this.offset < to) {
      const chunk = this.chunks[0];
      if (!chunk) return;
      const index = this.offset - this.chunkStart;
      if (index >= chunk.length) {
        this.chunkStart += chunk.length;
        this.chunks.shift();
        continue;
      }
      const byte = chunk[index] as number;
      if (untilContent && byte !== 0x0a && byte !== 0x0d) return;
      if (byte === 0x0a) this.line += 1;
      this.offset += 1;
    }
  }
}

/**
 * Streams a CSV file record by record (RFC 4180 quoting, a BOM dropped, blank lines skipped),
 * in constant memory. A malformed file is a DomainError naming the file and line.
 */
export async function* csvRecords(file: string): AsyncGenerator<CsvRecord> {
  const lines = new LineCounter();
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      lines.add(chunk);
      done(null, chunk);
    },
  });
  const parser = createReadStream(file)
    .pipe(tap)
    .pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  let recordStart = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
      const line = lines.lineOfRecordAt(recordStart);
      recordStart = info.bytes;
      yield { file, line, cells: record };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DomainError('NOT_FOUND', `${file}: no such file`);
    const csv = error as { lines?: number; message: string };
    throw new DomainError('VALIDATION_FAILED', `${file}:${csv.lines ?? '?'}: not valid CSV (${csv.message})`);
  }
}

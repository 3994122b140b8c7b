import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvRecords } from './records.js';

const dir = mkdtempSync(join(tmpdir(), 'aidtrace-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function lines(text: string): Promise<[number, string[]][]> {
  const file = join(dir, `f-${Math.random()}.csv`);
  writeFileSync(file, text);
  const out: [number, string[]][] = [];
  for await (const record of csvRecords(file)) out.push([record.line, [...record.cells]]);
  return out;
}

describe('csvRecords', () => {
  it('numbers each record by its first line, also after quoted line breaks, with LF or CRLF', async () => {
    expect(await lines('a,b\n1,"two\nlines"\n3,x\n')).toEqual([[1, ['a', 'b']], [2, ['1', 'two\nlines']], [4, ['3', 'x']]]);
    expect(await lines('a,b\r\n1,"x\r\ny\r\nz"\r\n\r\n3,w')).toEqual([[1, ['a', 'b']], [2, ['1', 'x\r\ny\r\nz']], [6, ['3', 'w']]]);
  });

  it('names the file and line of malformed CSV', async () => {
    await expect(lines('a,b\n1,"open\n')).rejects.toThrow(/\.csv:\d+: not valid CSV/);
  });
});

describe('csvRecords with a byte order mark and multi-byte characters', () => {
  it('still numbers lines from the file', async () => {
    expect(await lines('\uFEFFa,b\r\nTürkiye,"ç\r\nş"\r\n3,w\r\n')).toEqual([[1, ['a', 'b']], [2, ['Türkiye', 'ç\r\nş']], [4, ['3', 'w']]]);
  });
});

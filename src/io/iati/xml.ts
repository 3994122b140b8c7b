import { createReadStream } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DomainError } from '../../domain/errors.js';

/**
 * Reading an IATI activity file in constant memory: the file is read in chunks and cut at
 * `</iati-activity>` boundaries (comments, CDATA and processing instructions are stepped over),
 * and each activity is parsed on its own with fast-xml-parser into a small tree whose nodes know
 * their XPath and the line they start on, for error messages and provenance.
 */

export interface XNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XNode[];
  /** The element's own text, trimmed. */
  readonly text: string;
  /** XPath with positions, e.g. /iati-activities/iati-activity[3]/transaction[2]. */
  readonly path: string;
  /** 1-based line of the element's start tag in the file, when known. */
  readonly line: number | undefined;
}

export interface RawActivity {
  /** 1-based position among the file's iati-activity elements. */
  readonly index: number;
  /** 1-based line of its start tag. */
  readonly line: number;
  readonly text: string;
}

export interface RootElement {
  readonly attrs: Readonly<Record<string, string>>;
  readonly line: number;
}

const chunkChars = 1 << 16;
const attributePattern = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function attributesOf(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of tag.matchAll(attributePattern)) attrs[match[1] as string] = match[2] ?? match[3] ?? '';
  return attrs;
}

function countLines(text: string, from: number, to: number): number {
  let lines = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) lines += 1;
  return lines;
}

/** The index of the `>` that ends the tag opening at `start`, stepping over quoted attribute values; -1 if not in `text` yet. */
function tagEnd(text: string, start: number): number {
  let quote = '';
  for (let i = start + 1; i < text.length; i += 1) {
    const c = text[i];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

/**
 * The activities of one file, one at a time. `onRoot` sees the `<iati-activities>` start tag
 * before any activity is read (to check the version). Errors name the file and line.
 */
export async function* rawActivities(file: string, onRoot: (root: RootElement) => void): AsyncGenerator<RawActivity> {
  let buf = '';
  let bufLine = 1; // line of buf[0]
  let pos = 0;
  let rootSeen = false;
  let rootClosed = false;
  let start = -1; // start of the open activity in buf
  let startLine = 0;
  let index = 0;
  const lineAt = (at: number) => bufLine + countLines(buf, 0, at);
  const where = (at: number) => `${file}:${lineAt(at)}`;

  function scan(final: boolean): RawActivity[] {
    const found: RawActivity[] = [];
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (lt < 0) {
        pos = buf.length;
        break;
      }
      if (!final && buf.length - lt < 16) {
        pos = lt;
        break;
      }
      const skipTo = (close: string, from: number): boolean => {
        const end = buf.indexOf(close, from);
        if (end < 0) {
          if (final) throw new DomainError('VALIDATION_FAILED', `${where(lt)}: not well-formed XML (a "${buf.slice(lt, from)}" is never closed by "${close}")`);
          pos = lt;
          return false;
        }
        pos = end + close.length;
        return true;
      };
      if (buf.startsWith('<!--', lt)) {
        if (!skipTo('-->', lt + 4)) break;
        continue;
      }
      if (buf.startsWith('<![CDATA[', lt)) {
        if (!skipTo(']]>', lt + 9)) break;
        continue;
      }
      if (buf.startsWith('<?', lt)) {
        if (!skipTo('?>', lt + 2)) break;
        continue;
      }
      if (buf.startsWith('<!', lt)) {
        if (!skipTo('>', lt + 2)) break;
        continue;
      }
      const end = tagEnd(buf, lt);
      if (end < 0) {
        if (final) throw new DomainError('VALIDATION_FAILED', `${where(lt)}: not well-formed XML (a tag is never closed by ">")`);
        pos = lt;
        break;
      }
      const tag = buf.slice(lt, end + 1);
      const match = /^<(\/?)\s*([^\s/>]+)/.exec(tag);
      const closing = match?.[1] === '/';
      const name = match?.[2] ?? '';
      const selfClosing = tag.endsWith('/>');
      pos = end + 1;
      if (!rootSeen) {
        if (closing || name !== 'iati-activities') {
          throw new DomainError('VALIDATION_FAILED', `${where(lt)} /${name} root element: <${name}> found; an IATI activity file has <iati-activities version="2.03">`, 'iati-activities');
        }
        rootSeen = true;
        onRoot({ attrs: attributesOf(tag), line: lineAt(lt) });
        if (selfClosing) rootClosed = true;
        continue;
      }
      if (start < 0) {
        if (name === 'iati-activity' && !closing) {
          index += 1;
          if (selfClosing) {
            found.push({ index, line: lineAt(lt), text: tag });
            continue;
          }
          start = lt;
          startLine = lineAt(lt);
        } else if (name === 'iati-activities' && closing) rootClosed = true;
        continue;
      }
      if (name === 'iati-activity') {
        if (!closing && !selfClosing) {
          throw new DomainError('VALIDATION_FAILED', `${where(lt)} /iati-activities/iati-activity[${index}]: an iati-activity starts inside another one (line ${startLine})`, 'iati-activity');
        }
        if (closing) {
          found.push({ index, line: startLine, text: buf.slice(start, end + 1) });
          start = -1;
        }
      }
    }
    // Forget what has been read: everything before the open activity, or before `pos`.
    const keep = start >= 0 ? start : pos;
    bufLine += countLines(buf, 0, keep);
    buf = buf.slice(keep);
    pos -= keep;
    if (start >= 0) start = 0;
    return found;
  }

  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: chunkChars });
  try {
    let first = true;
    for await (const chunk of stream as AsyncIterable<string>) {
      buf += first && chunk.startsWith('\uFEFF') ? chunk.slice(1) : chunk;
      first = false;
      yield* scan(false);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DomainError('NOT_FOUND', `${file}: no such file`);
    throw error;
  }
  yield* scan(true);
  if (!rootSeen) throw new DomainError('VALIDATION_FAILED', `${file}:1: no <iati-activities> element; not an IATI activity file`, 'iati-activities');
  if (start >= 0) throw new DomainError('VALIDATION_FAILED', `${file}:${startLine} /iati-activities/iati-activity[${index}]: never closed by </iati-activity>`, 'iati-activity');
  if (index === 0) throw new DomainError('VALIDATION_FAILED', `${file} /iati-activities: no iati-activity; an activity file holds at least one`, 'iati-activity');
  if (!rootClosed) throw new DomainError('VALIDATION_FAILED', `${file}:${bufLine} /iati-activities: never closed by </iati-activities>`, 'iati-activities');
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Decodes character references (&#233;) as well as the XML entities.
  htmlEntities: true,
});

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

/** Lines of the start tags of `text`, in document order. */
function startTagLines(text: string, firstLine: number): number[] {
  const cleaned = text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g, (skipped) => skipped.replace(/[^\n]/g, ''));
  const lines: number[] = [];
  let line = firstLine;
  let last = 0;
  for (const match of cleaned.matchAll(/<([^\s/>!?][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g)) {
    line += countLines(cleaned, last, match.index);
    last = match.index;
    lines.push(line);
  }
  return lines;
}

function build(entries: readonly Ordered[], parentPath: string, lines: number[] | undefined, next: { at: number }): { children: XNode[]; text: string } {
  const children: XNode[] = [];
  const texts: string[] = [];
  const seen = new Map<string, number>();
  for (const entry of entries) {
    for (const key of Object.keys(entry)) {
      if (key === ':@') continue;
      if (key === '#text') {
        texts.push(String(entry[key]));
        continue;
      }
      const position = (seen.get(key) ?? 0) + 1;
      seen.set(key, position);
      const path = `${parentPath}/${key}[${position}]`;
      const line = lines?.[next.at];
      next.at += 1;
      const inner = build(entry[key] as Ordered[], path, lines, next);
      children.push({ name: key, attrs: entry[':@'] ?? {}, children: inner.children, text: inner.text, path, line });
    }
  }
  return { children, text: texts.join(' ').trim() };
}

/** Parses one activity into a tree; a malformed activity is an error naming file and line. */
export function parseActivity(file: string, raw: RawActivity): XNode {
  const path = `/iati-activities/iati-activity[${raw.index}]`;
  const valid = XMLValidator.validate(raw.text);
  if (valid !== true) {
    throw new DomainError('VALIDATION_FAILED', `${file}:${raw.line + valid.err.line - 1} ${path}: not well-formed XML (${valid.err.msg})`, 'iati-activity');
  }
  const parsed = parser.parse(raw.text) as Ordered[];
  const lines = startTagLines(raw.text, raw.line);
  let count = 0;
  const countAll = (entries: readonly Ordered[]) => {
    for (const entry of entries) for (const key of Object.keys(entry)) if (key !== ':@' && key !== '#text') {
      count += 1;
      countAll(entry[key] as Ordered[]);
    }
  };
  countAll(parsed);
  // Lines are attached only when the two readings agree on the number of elements.
  const known = count === lines.length ? lines : undefined;
  const top = parsed.find((entry) => 'iati-activity' in entry);
  if (!top) throw new DomainError('VALIDATION_FAILED', `${file}:${raw.line} ${path}: empty`, 'iati-activity');
  const inner = build(top['iati-activity'] as Ordered[], path, known, { at: 1 });
  return { name: 'iati-activity', attrs: top[':@'] ?? {}, children: inner.children, text: inner.text, path, line: raw.line };
}

export function childrenNamed(node: XNode, name: string): XNode[] {
  return node.children.filter((child) => child.name === name);
}

export function child(node: XNode, name: string): XNode | undefined {
  return node.children.find((child) => child.name === name);
}

/** The first non-empty narrative of an element (title, org), or undefined. */
export function narrative(node: XNode | undefined): string | undefined {
  if (!node) return undefined;
  for (const item of childrenNamed(node, 'narrative')) if (item.text !== '') return item.text;
  return undefined;
}

/** `file:line XPath` for messages, or `file XPath` when the line is unknown. */
export function placeOf(file: string, node: XNode, suffix = ''): string {
  return `${file}${node.line === undefined ? '' : `:${node.line}`} ${node.path}${suffix}`;
}

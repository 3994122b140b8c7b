import { InvalidArgumentError, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DomainError } from '../domain/errors.js';
import { limits } from '../domain/limits.js';
import { ingestArticles, type IngestReport } from '../evidence/ingest.js';
import type { AnalysedSentence, SourceType } from '../evidence/types.js';
import type { CliContext } from './program.js';

const isoDate = (value: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a date YYYY-MM-DD`);
  return value;
};

/** How a reader should weigh a claim, by whose word it rests on. */
export const sourcingLabel: Readonly<Record<SourceType, string>> = {
  person: 'named person',
  organisation: 'named organisation',
  document: 'document',
  anonymous: 'ANONYMOUS',
  pronoun: 'he/she/they (unresolved)',
  none: 'no attribution',
};

function sentenceLine(sentence: AnalysedSentence): string {
  const who = sentence.attribution ? `${sourcingLabel[sentence.attribution.type]}: "${sentence.attribution.source.text}" (${sentence.attribution.cue.text})` : sourcingLabel.none;
  const facts = [
    ...sentence.amounts.map((a) => `${a.approximate ? '~' : ''}${a.kind === 'money' ? `${a.currency} ${a.value}` : `${a.value}%${a.of ? ` of ${a.of}` : ''}`}`),
    ...sentence.dates.map((d) => d.date),
    ...sentence.entities.map((e) => e.id),
  ];
  return `  [${sentence.index + 1}] ${sentence.claims.join(', ')} — ${who}${facts.length > 0 ? `\n       ${facts.join(' · ')}` : ''}\n       ${sentence.text.replace(/\s+/g, ' ')}`;
}

/** The readable report: per article its claims and whose word they rest on, then what the articles say together. */
export function ingestText(report: IngestReport): string {
  const lines: string[] = [];
  for (const article of report.articles) {
    const claims = article.sentences.filter((s) => s.claims.length > 0);
    const bySource = new Map<SourceType, number>();
    for (const s of claims) bySource.set(s.attribution?.type ?? 'none', (bySource.get(s.attribution?.type ?? 'none') ?? 0) + 1);
    lines.push(`${article.file}${article.title ? ` — ${article.title}` : ''}${article.published ? ` (${article.published})` : ''}`);
    lines.push(
      `  ${article.sentences.length} sentences, ${claims.length} with claims; those rest on: ${[...bySource].map(([type, n]) => `${sourcingLabel[type]} ${n}`).join(', ') || 'nothing'}`,
    );
    for (const sentence of claims) lines.push(sentenceLine(sentence));
    lines.push('');
  }
  lines.push(`Stories: ${report.articles.length} articles tell ${report.independentStories} independent ${report.independentStories === 1 ? 'story' : 'stories'} (a copy or a rewrite is not corroboration)`);
  for (const group of report.stories.filter((g) => g.files.length > 1)) {
    lines.push(`  one story: ${group.files.join(', ')}`);
    for (const pair of group.pairs) lines.push(`    ${pair.a} ↔ ${pair.b}: ${pair.relation} (words ${pair.textSimilarity}, claims ${pair.claimSimilarity})`);
  }
  for (const joined of report.joined) lines.push(`Joined stories: ${joined.file} is ${joined.boundaries.length + 1} stories; a new one starts at sentence ${joined.boundaries.map((b) => b + 1).join(', ')} (${joined.reason})`);
  lines.push(report.contradictions.length === 0 ? 'Contradictions: none found' : `Contradictions: ${report.contradictions.length}`);
  for (const c of report.contradictions) {
    lines.push(`  ${c.kind} — ${c.about}`);
    for (const claim of c.claims) lines.push(`    ${claim.file} [${claim.sentence + 1}] ${claim.value} — ${sourcingLabel[claim.sourceType]}: ${claim.text.replace(/\s+/g, ' ')}`);
  }
  lines.push(
    report.candidates.length === 0
      ? `Candidate ledger entries: none${report.incompleteClaims > 0 ? ` (${report.incompleteClaims} claims of money given lack a donor or an amount)` : ''}`
      : `Candidate ledger entries, for a person to accept or reject (${report.incompleteClaims} more claims lack a donor or an amount):`,
  );
  for (const c of report.candidates) {
    lines.push(`  ${c.file} [${c.sentence + 1}] ${c.donor} → ${c.recipient ?? '?'} ${c.amount.approximate ? '~' : ''}${c.amount.currency} ${c.amount.value} ${c.stage} ${c.date ?? 'no date'} — ${sourcingLabel[c.sourceType]}`);
    for (const warning of c.warnings) lines.push(`      check: ${warning}`);
  }
  return lines.join('\n');
}

/** `aidtrace ingest`: read articles, report claims and their sourcing, stories, contradictions and candidate entries. Writes nothing to the ledger. */
export function addEvidenceCommands(program: Command, context: CliContext): void {
  program
    .command('ingest')
    .description('read news articles or statements (text or HTML): claims and whose word they rest on, stories told twice, joined stories, contradictions, and candidate ledger entries; writes nothing to the ledger')
    .argument('<files...>', 'articles: .txt (or any text), .html / .htm')
    .option('--json', 'everything as JSON (the format is in the README)')
    .option('--published <date>', "the articles' date (YYYY-MM-DD) where the file gives none: the reference for \"on Tuesday\", \"last month\"", isoDate)
    .option('--candidates <file>', 'also write the candidate entries as commands (JSONL) to review, then record with "aidtrace apply"')
    .option('--publisher <name>', 'with --candidates: the outlet that published the articles, written into each article\'s source (without one, their evidence stays unverified)')
    .action(async (files: string[], options: { json?: boolean; published?: string; candidates?: string; publisher?: string }) => {
      const publisher = options.publisher?.trim();
      if (publisher !== undefined) {
        if (options.candidates === undefined) throw new DomainError('VALIDATION_FAILED', '--publisher: only with --candidates (it is written into the sources there)', 'publisher');
        if (publisher === '' || publisher.length > limits.publisherMax) throw new DomainError('VALIDATION_FAILED', `--publisher: give the outlet's name, 1 to ${limits.publisherMax} characters`, 'publisher');
      }
      const raw = [];
      for (const file of files) {
        if (!existsSync(file)) throw new DomainError('NOT_FOUND', `${file}: no such file`);
        const kind = /\.x?html?$/i.test(file) ? ('html' as const) : ('text' as const);
        raw.push({ file: basename(file), content: await readFile(file, 'utf8'), kind, ...(options.published === undefined ? {} : { published: options.published }) });
      }
      const report = ingestArticles(raw);
      if (options.candidates !== undefined) {
        // Each article's source first, then per candidate its contribution and the sentence as its evidence.
        const accepted = report.candidates.filter((c) => c.command !== undefined);
        const sources = report.sources.map((source) => (publisher === undefined ? source : { ...source, publisher }));
        const commands = [...sources, ...accepted.flatMap((c) => [c.command, c.evidence])].filter((c) => c !== undefined).map((c) => JSON.stringify(c));
        await writeFile(options.candidates, commands.length === 0 ? '' : `${commands.join('\n')}\n`);
        context.err(
          `${accepted.length} candidate entries written to ${options.candidates} (${commands.length} commands: the articles as sources, each contribution and its evidence): read each, delete the ones to reject, ${publisher === undefined ? 'add the publisher to each source' : 'check the publisher of each source'}, then "aidtrace apply ${options.candidates}"`,
        );
      }
      context.out(options.json ? JSON.stringify(report, null, 2) : ingestText(report));
    });
}

import type { Command, LinkEvidence, RecordSource } from './commands.js';
import { DomainError, unreachable } from './errors.js';
import type { DomainEvent } from './events.js';
import { limits } from './limits.js';
import { citableKinds, recordExists } from './provenance.js';
import { absent, found } from './rules.js';
import { contributionStages, type Contribution, type ContributionKind, type ContributionStage, type StateView } from './state.js';

/**
 * Sources and evidence. A source is a document a figure can rest on: an official statement or
 * document, a dataset, a contract, a news article. Evidence ties one ledger record to one source
 * with the exact words (`excerpt`) and who said them (`sourceType`, `speaker`). Each piece of
 * evidence has a confirmation level; a record's level is the best of its evidence, its
 * provenance (a dataset row) and whether the record is its party's own entry.
 *
 * Dataset rows read by an importer keep their `provenance` (provenance.ts); a source recorded
 * here is for what is not a dataset row, or for pointing at one explicitly.
 */

export const sourceKinds = ['official-statement', 'official-document', 'dataset', 'contract', 'news-article', 'other'] as const;
export type SourceKind = (typeof sourceKinds)[number];

/** Who a claim is attributed to; the same names the article analysis (src/evidence/types.ts) uses. */
export const sourceTypes = ['person', 'organisation', 'document', 'anonymous', 'pronoun', 'none'] as const;
export type SourceType = (typeof sourceTypes)[number];

/**
 * The record kinds evidence may be linked to: the citable kinds, spending ("COUNTRY:YEAR") and
 * transfers (by transfer id, which is the id of the command that recorded it; a conversion's legs
 * are `ID/sold` and `ID/bought`, each a transfer between the account and FX clearing).
 */
export const evidenceRecordKinds = [...citableKinds, 'spending', 'transfer'] as const;
export type EvidenceRecordKind = (typeof evidenceRecordKinds)[number];

/**
 * Evidence about one stage of a contribution says so in its claim: `stage:committed`,
 * `stage:disbursed`. A pledge quoted from a named minister then does not vouch for the payment.
 * Any other claim ("amount", "stage", none) backs the record as a whole.
 */
export const stageClaimPrefix = 'stage:';

/** The stages a contribution of this kind passes through: money is disbursed, goods and capabilities delivered. */
export function stagesOfKind(kind: ContributionKind): readonly ContributionStage[] {
  return kind === 'money' ? ['announced', 'committed', 'disbursed', 'withdrawn'] : ['announced', 'committed', 'delivered', 'withdrawn'];
}

/** The contribution stage a claim names (`stage:disbursed` → disbursed), or null when it backs the whole record. */
export function stageOfClaim(claim: string | null | undefined): ContributionStage | null {
  if (claim === null || claim === undefined || !claim.startsWith(stageClaimPrefix)) return null;
  const stage = claim.slice(stageClaimPrefix.length);
  return (contributionStages as readonly string[]).includes(stage) ? (stage as ContributionStage) : null;
}

/** Best first: a record's level is the first of these that any of its evidence reaches. */
export const confirmationLevels = ['confirmed', 'on-record', 'reported', 'unverified'] as const;
export type ConfirmationLevel = (typeof confirmationLevels)[number];

/** Source kinds whose publisher speaks for itself: the publisher's own statement, document, dataset or contract. */
const primaryKinds: ReadonlySet<SourceKind> = new Set(['official-statement', 'official-document', 'dataset', 'contract']);

/** A source as the `source` table holds it. */
export interface Source {
  readonly id: string;
  readonly kind: SourceKind;
  readonly publisher: string | null;
  readonly title: string;
  readonly publishedOn: string;
  readonly locator: string;
  readonly author: string | null;
  readonly language: string | null;
  /** Which story a news article tells: articles with the same story are one report, not corroboration. */
  readonly story: string | null;
}

/** A piece of evidence as the `evidence` table holds it; its id is the id of the command that linked it. */
export interface Evidence {
  readonly id: string;
  readonly recordKind: string;
  readonly recordId: string;
  readonly sourceId: string;
  readonly excerpt: string;
  readonly offsetStart: number | null;
  readonly offsetEnd: number | null;
  readonly sourceType: SourceType;
  readonly speaker: string | null;
  readonly speakerRole: string | null;
  readonly claim: string | null;
}

/**
 * The confirmation level of one piece of evidence from its source:
 *
 * | source                                                                  | attribution (sourceType)                          | level       |
 * |-------------------------------------------------------------------------|---------------------------------------------------|-------------|
 * | no publisher                                                            | any                                               | unverified  |
 * | official-statement, official-document, dataset or contract, with publisher | any (the publisher speaks for itself)          | confirmed   |
 * | news-article or other, with publisher                                   | person or organisation, with the speaker named    | on-record   |
 * | news-article or other, with publisher                                   | person or organisation without a name, document ("a classified report"), anonymous, pronoun, none | reported |
 *
 * A record's own sources add two more ways to be `confirmed`: a provenance row (it was read from
 * a dataset: Kiel, IATI, FTS, OCDS, NATO …) and the party's own entry (see `recordLevel`).
 */
export function evidenceLevel(source: Pick<Source, 'kind' | 'publisher'>, evidence: Pick<Evidence, 'sourceType' | 'speaker'>): ConfirmationLevel {
  if (source.publisher === null || source.publisher.trim() === '') return 'unverified';
  if (primaryKinds.has(source.kind)) return 'confirmed';
  switch (evidence.sourceType) {
    case 'person':
    case 'organisation':
      return evidence.speaker !== null && evidence.speaker.trim() !== '' ? 'on-record' : 'reported';
    case 'document':
    case 'anonymous':
    case 'pronoun':
    case 'none':
      return 'reported';
    default:
      return unreachable(evidence.sourceType);
  }
}

/** The better of two levels. */
export function bestLevel(a: ConfirmationLevel, b: ConfirmationLevel): ConfirmationLevel {
  return confirmationLevels.indexOf(a) <= confirmationLevels.indexOf(b) ? a : b;
}

/** What a record's level is judged on. */
export interface RecordSources {
  readonly evidence: readonly { readonly evidence: Pick<Evidence, 'sourceType' | 'speaker'>; readonly source: Pick<Source, 'id' | 'kind' | 'publisher' | 'story'> }[];
  /** How many provenance rows (dataset rows it was read from) the record has. */
  readonly provenance: number;
  /** True when the record was entered by an account of the party it belongs to. */
  readonly ownEntry: boolean;
}

export interface Confirmation {
  readonly level: ConfirmationLevel;
  /**
   * Pieces of evidence the level rests on (provenance rows not counted): all linked to the record,
   * or for a contribution those about the whole record and about its current stage.
   */
  readonly evidence: number;
  /** Distinct stories among the record's news evidence: rewrites of one story count once, an article without a story counts alone. */
  readonly stories: number;
}

/** A record's confirmation: the best level of its evidence, provenance and own entry, and its independent stories. */
export function recordLevel(record: RecordSources): Confirmation {
  let level: ConfirmationLevel = record.provenance > 0 || record.ownEntry ? 'confirmed' : 'unverified';
  const stories = new Set<string>();
  for (const { evidence, source } of record.evidence) {
    level = bestLevel(level, evidenceLevel(source, evidence));
    if (source.kind === 'news-article') stories.add(source.story === null ? `source:${source.id}` : `story:${source.story}`);
  }
  return { level, evidence: record.evidence.length, stories: stories.size };
}

function within(value: string | undefined, max: number, path: string): void {
  if (value !== undefined && value.length > max) throw new DomainError('LIMIT_EXCEEDED', `${path}: ${value.length} characters, at most ${max} allowed`, path);
}

/** A new source document. Its id is the client's; the same id twice is ALREADY_EXISTS. */
export function recordSource(command: RecordSource, view: StateView): DomainEvent[] {
  absent(view.source(command.sourceId), 'source', command.sourceId, 'sourceId');
  within(command.title, limits.sourceTitleMax, 'title');
  within(command.publisher, limits.publisherMax, 'publisher');
  within(command.locator, limits.locatorMax, 'locator');
  within(command.author, limits.publisherMax, 'author');
  within(command.story, limits.idLengthMax, 'story');
  return [
    {
      type: 'SourceRecorded',
      sourceId: command.sourceId,
      kind: command.kind,
      publisher: command.publisher ?? null,
      title: command.title,
      publishedOn: command.publishedOn,
      locator: command.locator,
      author: command.author ?? null,
      language: command.language ?? null,
      story: command.story ?? null,
    },
  ];
}

/** The transfers a command names, whose existence its decision needs to be told (see `transferOrigins`). */
export function transfersNamedBy(command: Command): readonly string[] {
  return command.type === 'LinkEvidence' && command.recordKind === 'transfer' ? [command.recordId] : [];
}

/** True when the ledger holds a record of this kind and id. */
function evidenceRecordExists(view: StateView, kind: EvidenceRecordKind, id: string): boolean {
  if (kind === 'transfer') return view.transferExists(id);
  if (kind !== 'spending') return recordExists(view, kind, id);
  const match = /^([A-Z]{3}):(\d{4})$/.exec(id);
  return match !== null && view.spending(match[1] as string, Number(match[2])) !== undefined;
}

/** A `stage:` claim names a stage the contribution's kind passes through (it need not have reached it yet). */
function checkStageClaim(command: LinkEvidence, view: StateView): void {
  const claim = command.claim;
  if (claim === undefined || !claim.startsWith(stageClaimPrefix)) return;
  if (command.recordKind !== 'contribution') {
    throw new DomainError('VALIDATION_FAILED', `claim: "${claim}" names a stage, and only a contribution's stages are claimed this way, not a ${command.recordKind}'s`, 'claim');
  }
  const contribution = view.contribution(command.recordId) as Contribution;
  const stages = stagesOfKind(contribution.kind);
  if (!(stages as readonly string[]).includes(claim.slice(stageClaimPrefix.length))) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `claim: "${claim}" is no stage of a ${contribution.kind} contribution; write one of ${stages.map((stage) => stageClaimPrefix + stage).join(', ')}`,
      'claim',
    );
  }
}

/**
 * Ties a record to a source. The record and the source must exist (NOT_FOUND names which); a
 * transfer exists when the ledger recorded it (the view is told, see `transfersNamedBy`). The
 * same excerpt of the same source for the same record a second time, under another command id,
 * is refused as ALREADY_EXISTS naming the evidence already linked; the same command sent again
 * replays (idempotency), as every command does.
 */
export function linkEvidence(command: LinkEvidence, view: StateView, commandId: string): DomainEvent[] {
  if (!evidenceRecordExists(view, command.recordKind, command.recordId)) {
    throw new DomainError('NOT_FOUND', `recordId: ${command.recordKind} "${command.recordId}" does not exist`, 'recordId');
  }
  found(view.source(command.sourceId), 'source', command.sourceId, 'sourceId');
  checkStageClaim(command, view);
  within(command.excerpt, limits.excerptMax, 'excerpt');
  within(command.speaker, limits.publisherMax, 'speaker');
  within(command.speakerRole, limits.publisherMax, 'speakerRole');
  if (command.offsets && command.offsets.end <= command.offsets.start) {
    throw new DomainError('VALIDATION_FAILED', `offsets.end: ${command.offsets.end} is not after offsets.start ${command.offsets.start}`, 'offsets.end');
  }
  if (command.offsets && command.offsets.end - command.offsets.start !== command.excerpt.length) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `offsets: they span ${command.offsets.end - command.offsets.start} characters but the excerpt has ${command.excerpt.length}`,
      'offsets',
    );
  }
  if (command.speaker === undefined && command.speakerRole !== undefined) {
    throw new DomainError('VALIDATION_FAILED', 'speakerRole: a role needs the speaker it belongs to', 'speakerRole');
  }
  const same = view
    .evidenceOfSource(command.sourceId)
    .find((row) => row.recordKind === command.recordKind && row.recordId === command.recordId && row.excerpt === command.excerpt);
  if (same) {
    throw new DomainError('ALREADY_EXISTS', `excerpt: this excerpt of source "${command.sourceId}" is already evidence "${same.id}" for ${command.recordKind} "${command.recordId}"`, 'excerpt');
  }
  return [
    {
      type: 'EvidenceLinked',
      evidenceId: commandId,
      recordKind: command.recordKind,
      recordId: command.recordId,
      sourceId: command.sourceId,
      excerpt: command.excerpt,
      offsetStart: command.offsets?.start ?? null,
      offsetEnd: command.offsets?.end ?? null,
      sourceType: command.sourceType,
      speaker: command.speaker ?? null,
      speakerRole: command.speakerRole ?? null,
      claim: command.claim ?? null,
    },
  ];
}

import { getJson } from '../api';
import { levelText } from '../components/Confirmation';
import { Figures, Status } from '../components/Status';
import { label } from '../format';
import { linkProps, useLocation } from '../router';
import type { ConfirmationLevel, ConfirmationSummary, RecordEvidence } from '../types';
import { useApi } from '../useApi';

/** Where a record's own page is, when it has one. */
function recordHref(kind: string, id: string): string | undefined {
  if (kind === 'package') return `/packages/${encodeURIComponent(id)}`;
  if (kind === 'party') return `/donors/${encodeURIComponent(id)}`;
  return undefined;
}

function Level({ level }: { readonly level: ConfirmationLevel }) {
  const { text, symbol } = levelText[level];
  return (
    <span className={`confirmation confirmation-${level}`} data-level={level}>
      <span aria-hidden="true">{symbol}</span> {text}
    </span>
  );
}

const sourceTypeText: Readonly<Record<string, string>> = {
  person: 'a named person',
  organisation: 'a named organisation',
  document: 'a document',
  anonymous: 'an unnamed source',
  pronoun: 'a pronoun only',
  none: 'no attribution',
};

/** One stage a contribution reached (or evidence claims), with its level and the evidence about it alone. */
interface StageEvidence extends ConfirmationSummary {
  readonly stage: string;
  readonly reached: boolean;
  readonly current: boolean;
  readonly evidenceIds: readonly string[];
}

/** GET /api/evidence for a contribution also judges each stage: a pledge on record does not vouch for the payment. */
type Evidenced = RecordEvidence & { readonly stages?: readonly StageEvidence[] };

const stageClaim = /^stage:(.+)$/;

/** Per stage of a contribution: its level, and which evidence backs it besides the record-wide evidence. */
function Stages({ record }: { readonly record: Evidenced }) {
  const stages = record.stages ?? [];
  if (stages.length === 0) return null;
  const wide = record.items.filter((item) => !stageClaim.test(item.claim ?? '')).length;
  const publisherOf = new Map(record.items.map((item) => [item.id, item.source.publisher ?? 'no publisher']));
  return (
    <>
      <h2>By stage</h2>
      <p className="small muted">
        A contribution is as well confirmed as its stage now. Evidence about one stage backs that stage only; evidence about the whole record ({wide} piece{wide === 1 ? '' : 's'}), its dataset rows
        and its party's own entry back every stage.
      </p>
      <div className="table-scroll">
        <table data-testid="evidence-stages">
          <caption className="visually-hidden">The level of each stage and the evidence about it</caption>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col">Level</th>
              <th scope="col">Evidence about this stage</th>
            </tr>
          </thead>
          <tbody>
            {stages.map((stage) => (
              <tr key={stage.stage} data-testid="evidence-stage" data-stage={stage.stage} data-level={stage.level}>
                <td data-label="Stage">
                  <span>
                    {label(stage.stage)}
                    {stage.current ? <span className="muted"> · now</span> : null}
                    {stage.reached ? null : <span className="muted"> · claimed, not recorded in the ledger</span>}
                  </span>
                </td>
                <td data-label="Level">
                  <Level level={stage.level} />
                </td>
                <td data-label="Evidence about this stage">
                  {stage.evidenceIds.length === 0 ? <span className="muted">none of its own</span> : <span>{stage.evidenceIds.map((id) => publisherOf.get(id) ?? id).join('; ')}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** What a piece of evidence supports, in words: a stage claim names the stage it backs alone. */
function claimText(claim: string | null): string {
  if (!claim) return '';
  const stage = stageClaim.exec(claim)?.[1];
  return stage ? ` · backs the ${label(stage)} stage only` : ` · supports the ${claim}`;
}

/** A record's confirmation level and every piece of evidence behind it: /evidence?kind=package&id=PURL-NLD-1. */
export function Evidence() {
  const { query } = useLocation();
  const kind = query.get('kind') ?? '';
  const id = query.get('id') ?? '';
  const result = useApi(
    () => getJson<Evidenced>(`/api/evidence?recordKind=${encodeURIComponent(kind)}&recordId=${encodeURIComponent(id)}`),
    `evidence:${kind}:${id}`,
  );
  const own = recordHref(kind, id);
  return (
    <section>
      <h1 data-testid="evidence-title">
        Evidence for {label(kind)} {own ? <a {...linkProps(own)}>{id}</a> : id}
      </h1>
      <p className="lede">
        How well this record is sourced. A record is as well confirmed as its best evidence: {(['confirmed', 'on-record', 'reported', 'unverified'] as const).map((level) => `${levelText[level].text.toLowerCase()} — ${levelText[level].meaning}`).join('; ')}. Articles that tell the same story count as one.
      </p>
      <Status result={result}>
        {(record) => (
          <>
            <p data-testid="evidence-level">
              <Level level={record.level} />
              {record.ownEntry ? <span className="muted"> · entered by the party it belongs to</span> : null}
            </p>
            <Figures
              testId="evidence-figures"
              items={[
                { label: record.stages ? 'Pieces of evidence behind its stage now' : 'Pieces of evidence', value: String(record.evidence) },
                { label: 'Independent stories', value: String(record.stories) },
                { label: 'Dataset rows', value: String(record.provenance) },
              ]}
            />
            <Stages record={record} />
            {record.items.length === 0 ? (
              <p className="muted" data-testid="evidence-empty">
                No source has been linked to this record.
              </p>
            ) : (
              <ol className="evidence-list" data-testid="evidence-list">
                {record.items.map((item) => (
                  <li key={item.id} data-testid="evidence-item">
                    <div>
                      <Level level={item.level} /> <strong>{item.source.publisher ?? 'no publisher'}</strong> · {item.source.publishedOn} · {label(item.source.kind)}
                      {item.source.story ? <span className="muted"> · story {item.source.story}</span> : null}
                    </div>
                    <div>
                      {/^https?:\/\//.test(item.source.locator) ? (
                        <a href={item.source.locator} rel="noreferrer noopener" target="_blank">
                          {item.source.title}
                        </a>
                      ) : (
                        <>
                          {item.source.title} <span className="muted">({item.source.locator})</span>
                        </>
                      )}
                      {item.source.author ? <span className="muted"> by {item.source.author}</span> : null}
                    </div>
                    <blockquote data-testid="evidence-excerpt">{item.excerpt}</blockquote>
                    <div className="small muted">
                      Attributed to {sourceTypeText[item.sourceType] ?? item.sourceType}
                      {item.speaker ? `: ${item.speaker}` : ''}
                      {item.speakerRole ? ` (${item.speakerRole})` : ''}
                      {claimText(item.claim)}
                      {item.offsets ? ` · characters ${item.offsets.start}–${item.offsets.end}` : ''}
                    </div>
                  </li>
                ))}
              </ol>
            )}
            {record.sources.length > 0 ? (
              <>
                <h2>Dataset rows</h2>
                <ul data-testid="evidence-provenance">
                  {record.sources.map((row) => (
                    <li key={row.seq}>
                      {row.dataset} — {row.file}, {row.locator}
                      {row.publisher ? ` · ${row.publisher}` : ''}
                      {row.publisherRef ? ` · ${row.publisherRef}` : ''}
                      {row.note ? <span className="muted"> · {row.note}</span> : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        )}
      </Status>
    </section>
  );
}

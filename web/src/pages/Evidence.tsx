import { getJson } from '../api';
import { levelText } from '../components/Confirmation';
import { Figures, Status } from '../components/Status';
import { label } from '../format';
import { linkProps, useLocation } from '../router';
import type { ConfirmationLevel, RecordEvidence } from '../types';
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

/** A record's confirmation level and every piece of evidence behind it: /evidence?kind=package&id=PURL-NLD-1. */
export function Evidence() {
  const { query } = useLocation();
  const kind = query.get('kind') ?? '';
  const id = query.get('id') ?? '';
  const result = useApi(
    () => getJson<RecordEvidence>(`/api/evidence?recordKind=${encodeURIComponent(kind)}&recordId=${encodeURIComponent(id)}`),
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
                { label: 'Pieces of evidence', value: String(record.evidence) },
                { label: 'Independent stories', value: String(record.stories) },
                { label: 'Dataset rows', value: String(record.provenance) },
              ]}
            />
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
                      {item.claim ? ` · supports the ${item.claim}` : ''}
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

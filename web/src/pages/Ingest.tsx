import { useMemo, useState, type ReactNode } from 'react';
import { ApiProblem, send } from '../api';
import { evidenceHref } from '../components/Confirmation';
import { Figures } from '../components/Status';
import { groupDecimal } from '../format';
import { linkProps } from '../router';
import { useSession } from '../session';
import type { IngestCandidate as Candidate, IngestReport as Report, IngestSentence as Sentence, SourceType } from '../types';
import './ingest.css';

/**
 * Reading news articles as a fact-checker would (POST /api/evidence/ingest): each claim with
 * whose word it rests on, the stories the articles tell (a copy or a rewrite is not
 * corroboration), articles that join two stories, contradictions side by side, and candidate
 * ledger entries. Nothing is recorded until a person accepts a candidate; accepting sends the
 * article as a source (with the publisher the reviewer names), the contribution and the sentence
 * as its evidence, all or nothing (POST /api/commands).
 */

interface Article {
  readonly file: string;
  readonly content: string;
}

/** Whose word a claim rests on, in the words a reader weighs it by. */
const sourcing: Readonly<Record<SourceType, string>> = {
  person: 'named person',
  organisation: 'named organisation',
  document: 'document',
  anonymous: 'unnamed source',
  pronoun: 'he / she / they',
  none: 'no attribution',
};

const stages = ['announced', 'committed', 'disbursed', 'delivered'];
/** The roles that may record what an article says (sources, evidence, contributions read from news). */
const recorders = new Set(['admin', 'coordinator']);

function SourceTag({ type }: { readonly type: SourceType }) {
  return (
    <span className={`source-tag source-${type}`} data-source-type={type}>
      {sourcing[type]}
    </span>
  );
}

/** The sentence with its source and cue marked, as the pipeline found them. */
function Marked({ sentence }: { readonly sentence: Sentence }) {
  const marks = sentence.attribution && sentence.attribution.carriedFrom === undefined ? [{ span: sentence.attribution.source, className: 'mark-source' }, { span: sentence.attribution.cue, className: 'mark-cue' }] : [];
  const parts: ReactNode[] = [];
  let at = sentence.start;
  for (const { span, className } of [...marks].sort((a, b) => a.span.start - b.span.start)) {
    if (span.start < at) continue;
    parts.push(sentence.text.slice(at - sentence.start, span.start - sentence.start));
    parts.push(
      <mark key={span.start} className={className}>
        {span.text}
      </mark>,
    );
    at = span.end;
  }
  parts.push(sentence.text.slice(at - sentence.start));
  return <>{parts}</>;
}

export function Ingest() {
  const { session } = useSession();
  const [articles, setArticles] = useState<readonly Article[]>([]);
  const [pasted, setPasted] = useState('');
  const [pastedName, setPastedName] = useState('pasted.txt');
  const [published, setPublished] = useState('');
  const [report, setReport] = useState<Report | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const addFiles = async (files: FileList | null) => {
    if (!files) return;
    const read = await Promise.all([...files].map(async (file) => ({ file: file.name, content: await file.text() })));
    setArticles((current) => [...current.filter((a) => !read.some((r) => r.file === a.file)), ...read]);
  };

  const readArticles = async () => {
    const all = [...articles, ...(pasted.trim() === '' ? [] : [{ file: pastedName.trim() || 'pasted.txt', content: pasted }])];
    if (all.length === 0) {
      setProblem('Add an article: choose files or paste a text.');
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      setReport(await send<Report>('POST', '/api/evidence/ingest', { articles: all, ...(published ? { published } : {}) }));
    } catch (error) {
      setReport(undefined);
      setProblem(error instanceof ApiProblem ? `${error.problem.detail}` : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>Read articles</h1>
      <p className="lede">
        Claims in news articles and statements, with whose word each rests on. Articles that tell the same story count once; contradictions are set side by side. Nothing enters the ledger until you accept
        a candidate entry.
      </p>
      <div className="form ingest-form" data-testid="ingest-form">
        <div className="fields">
          <label className="field">
            <span>Article files (.txt, .html)</span>
            <input type="file" multiple accept=".txt,.text,.html,.htm,text/plain,text/html" onChange={(event) => void addFiles(event.target.files)} data-testid="ingest-files" />
          </label>
          <label className="field">
            <span>Published on, where an article gives no date</span>
            <input type="date" value={published} onChange={(event) => setPublished(event.target.value)} data-testid="ingest-published" />
          </label>
        </div>
        {articles.length > 0 ? (
          <ul className="ingest-files" data-testid="ingest-file-list">
            {articles.map((article) => (
              <li key={article.file}>
                {article.file} <span className="muted small">{article.content.length.toLocaleString('en-GB')} characters</span>{' '}
                <button type="button" className="secondary small" onClick={() => setArticles((current) => current.filter((a) => a.file !== article.file))}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <label className="field">
          <span>Or paste an article (headline on the first line)</span>
          <textarea rows={6} value={pasted} onChange={(event) => setPasted(event.target.value)} data-testid="ingest-text" />
        </label>
        <label className="field narrow">
          <span>Its name</span>
          <input value={pastedName} onChange={(event) => setPastedName(event.target.value)} data-testid="ingest-name" />
        </label>
        <p>
          <button type="button" onClick={() => void readArticles()} disabled={busy} data-testid="ingest-submit">
            {busy ? 'Reading…' : 'Read'}
          </button>
        </p>
        {problem ? (
          <p className="field-error" role="alert" data-testid="ingest-error">
            {problem}
          </p>
        ) : null}
      </div>
      {report ? <IngestReport report={report} canRecord={recorders.has(session.role)} /> : null}
    </section>
  );
}

function IngestReport({ report, canRecord }: { readonly report: Report; readonly canRecord: boolean }) {
  const claims = report.articles.flatMap((article) => article.sentences.filter((s) => s.claims.length > 0));
  const resting = claims.filter((s) => s.attribution?.type === 'anonymous').length;
  return (
    <div data-testid="ingest-report">
      <Figures
        testId="ingest-figures"
        items={[
          { label: 'Articles', value: String(report.articles.length) },
          { label: 'Independent stories', value: String(report.independentStories), note: 'a copy or a rewrite is not corroboration' },
          { label: 'Claims', value: String(claims.length), note: `${resting} rest on unnamed sources`, ...(resting > 0 ? { tone: 'warn' as const } : {}) },
          { label: 'Contradictions', value: String(report.contradictions.length), ...(report.contradictions.length > 0 ? { tone: 'warn' as const } : {}) },
          { label: 'Candidate entries', value: String(report.candidates.length) },
        ]}
      />
      <h2>Stories</h2>
      <ul className="ingest-stories" data-testid="ingest-stories">
        {report.stories.map((group) => (
          <li key={group.files.join('|')} data-testid="ingest-story">
            <strong>{group.files.length === 1 ? 'Told once' : `One story, ${group.files.length} articles`}:</strong> {group.files.join(', ')}
            {group.pairs.map((pair) => (
              <div key={`${pair.a}|${pair.b}`} className="small muted">
                {pair.a} ↔ {pair.b}: {pair.relation} (same words {pair.textSimilarity}, same claims {pair.claimSimilarity})
              </div>
            ))}
          </li>
        ))}
        {report.joined.map((joined) => (
          <li key={joined.file} data-testid="ingest-joined">
            <strong>Two stories joined:</strong> {joined.file} starts another story at sentence {joined.boundaries.map((b) => b + 1).join(', ')} <span className="muted small">({joined.reason})</span>
          </li>
        ))}
      </ul>
      {report.contradictions.length > 0 ? (
        <>
          <h2>Contradictions</h2>
          <div data-testid="ingest-contradictions">
            {report.contradictions.map((c, index) => (
              <div key={index} className="contradiction" data-testid="ingest-contradiction">
                <div>
                  <span className="pill">{c.kind}</span> {c.about}
                </div>
                <div className="contradiction-sides">
                  {c.claims.map((claim) => (
                    <blockquote key={`${claim.file}:${claim.sentence}`}>
                      <div className="small">
                        <strong>{claim.value}</strong> · <SourceTag type={claim.sourceType} /> · {claim.file} [{claim.sentence + 1}]
                      </div>
                      {claim.text}
                    </blockquote>
                  ))}
                </div>
              </div>
            ))}
          </div>
        </>
      ) : null}
      <h2>Candidate entries</h2>
      <Candidates report={report} canRecord={canRecord} />
      <h2>Claims, article by article</h2>
      {report.articles.map((article) => (
        <details key={article.file} className="ingest-article" open={report.articles.length <= 3} data-testid="ingest-article">
          <summary>
            <strong>{article.file}</strong>
            {article.title ? ` — ${article.title}` : ''} <span className="muted small">{article.published ?? 'no date'}</span>
          </summary>
          <ol className="claims">
            {article.sentences
              .filter((s) => s.claims.length > 0)
              .map((s) => (
                <li key={s.index} value={s.index + 1} data-testid="ingest-claim">
                  <div className="small">
                    <SourceTag type={s.attribution?.type ?? 'none'} /> {s.claims.join(', ')}
                    {s.attribution?.carriedFrom !== undefined ? <span className="muted"> · the quotation of sentence {s.attribution.carriedFrom + 1}</span> : null}
                    {s.amounts.map((a) => (
                      <span key={a.span.start} className="pill">
                        {a.approximate ? '~' : ''}
                        {a.kind === 'money' ? `${a.currency} ${groupDecimal(a.value)}` : `${a.value}%${a.of ? ` of ${a.of}` : ''}`}
                      </span>
                    ))}
                    {[...new Set(s.dates.map((d) => d.date))].map((date) => (
                      <span key={date} className="pill">
                        {date}
                      </span>
                    ))}
                    {[...new Map(s.entities.map((e) => [`${e.kind}:${e.id}`, e])).values()].map((e) => (
                      <span key={`${e.kind}:${e.id}`} className="pill muted" title={e.kind}>
                        {e.kind === 'country' ? e.id : e.name}
                      </span>
                    ))}
                  </div>
                  <Marked sentence={s} />
                </li>
              ))}
          </ol>
        </details>
      ))}
    </div>
  );
}

interface Draft {
  readonly donor: string;
  readonly recipient: string;
  readonly amount: string;
  readonly currency: string;
  readonly stage: string;
  readonly date: string;
}

type Decision = { readonly state: 'open' } | { readonly state: 'rejected' } | { readonly state: 'sending' } | { readonly state: 'accepted' } | { readonly state: 'failed'; readonly message: string; readonly path?: string };

const keyOf = (c: Candidate) => `${c.file}#${c.sentence}`;

function Candidates({ report, canRecord }: { readonly report: Report; readonly canRecord: boolean }) {
  const [drafts, setDrafts] = useState<Readonly<Record<string, Draft>>>({});
  const [decisions, setDecisions] = useState<Readonly<Record<string, Decision>>>({});
  const [publishers, setPublishers] = useState<Readonly<Record<string, string>>>({});
  const sourceOf = useMemo(() => new Map(report.sources.map((source) => [source.locator, source])), [report]);

  if (report.candidates.length === 0) {
    return <p className="muted">No sentence names a donor and an amount of money given{report.incompleteClaims > 0 ? ` (${report.incompleteClaims} claims lack one of them)` : ''}.</p>;
  }

  const draftOf = (c: Candidate): Draft =>
    drafts[keyOf(c)] ?? { donor: c.donor, recipient: c.recipient ?? '', amount: c.amount.value, currency: c.amount.currency, stage: c.stage, date: c.date ?? '' };
  const edit = (c: Candidate, change: Partial<Draft>) => setDrafts((current) => ({ ...current, [keyOf(c)]: { ...draftOf(c), ...change } }));
  const decide = (c: Candidate, decision: Decision) => setDecisions((current) => ({ ...current, [keyOf(c)]: decision }));

  const accept = async (c: Candidate) => {
    const source = sourceOf.get(c.file);
    const draft = draftOf(c);
    if (!c.command || !c.evidence || !source) return;
    const publisher = (publishers[c.file] ?? '').trim();
    const { recorded: _recorded, ...sourceCommand } = source;
    const { recipientId: _recipient, ...command } = c.command;
    decide(c, { state: 'sending' });
    try {
      await send('POST', '/api/commands', {
        commands: [
          { ...sourceCommand, ...(publisher ? { publisher } : {}) },
          { ...command, donorId: draft.donor.trim(), ...(draft.recipient.trim() ? { recipientId: draft.recipient.trim() } : {}), value: { amount: draft.amount.trim(), currency: draft.currency.trim() }, stage: draft.stage, at: draft.date },
          c.evidence,
        ],
      });
      decide(c, { state: 'accepted' });
    } catch (error) {
      const problem = error instanceof ApiProblem ? error.problem : undefined;
      decide(c, { state: 'failed', message: problem?.detail ?? String(error), ...(problem?.path ? { path: problem.path } : {}) });
    }
  };

  const files = [...new Set(report.candidates.map((c) => c.file))];
  return (
    <div data-testid="ingest-candidates">
      {!canRecord ? <p className="notice">Only the coordinating cell and admins record what articles say. You can read the candidates; accepting is theirs.</p> : null}
      {canRecord ? (
        <p className="small muted">Name each article's publisher before accepting: evidence from a source without a publisher stays unverified.</p>
      ) : null}
      {canRecord ? (
        <div className="fields ingest-publishers">
          {files.map((file) => (
            <label key={file} className="field">
              <span>Publisher of {file}</span>
              <input
                value={publishers[file] ?? ''}
                placeholder="e.g. Reuters"
                onChange={(event) => setPublishers((current) => ({ ...current, [file]: event.target.value }))}
                data-testid={`ingest-publisher-${file}`}
              />
            </label>
          ))}
        </div>
      ) : null}
      {report.candidates.map((c) => {
        const draft = draftOf(c);
        const decision: Decision = decisions[keyOf(c)] ?? (c.recorded ? { state: 'accepted' } : { state: 'open' });
        const editable = canRecord && (decision.state === 'open' || decision.state === 'failed');
        const field = (name: keyof Draft, title: string, input: ReactNode) => (
          <label className="field">
            <span>{title}</span>
            {input}
            {decision.state === 'failed' && decision.path?.includes(name === 'amount' || name === 'currency' ? 'value' : name === 'donor' ? 'donorId' : name === 'recipient' ? 'recipientId' : name === 'date' ? 'at' : name) ? (
              <span className="field-error">{decision.message}</span>
            ) : null}
          </label>
        );
        return (
          <div key={keyOf(c)} className={`candidate candidate-${decision.state}`} data-testid="ingest-candidate" data-state={decision.state}>
            <blockquote>
              <div className="small">
                <SourceTag type={c.sourceType} /> {c.source ? `“${c.source}”` : ''} · {c.file} [{c.sentence + 1}]
              </div>
              {c.text}
            </blockquote>
            <div className="fields candidate-fields">
              {field('donor', 'Donor', <input value={draft.donor} disabled={!editable} onChange={(e) => edit(c, { donor: e.target.value })} data-testid="candidate-donor" />)}
              {field('recipient', 'Recipient', <input value={draft.recipient} disabled={!editable} onChange={(e) => edit(c, { recipient: e.target.value })} data-testid="candidate-recipient" />)}
              {field('amount', 'Amount', <input value={draft.amount} disabled={!editable} inputMode="decimal" onChange={(e) => edit(c, { amount: e.target.value })} data-testid="candidate-amount" />)}
              {field('currency', 'Currency', <input value={draft.currency} disabled={!editable} onChange={(e) => edit(c, { currency: e.target.value })} data-testid="candidate-currency" />)}
              {field(
                'stage',
                'Stage',
                <select value={draft.stage} disabled={!editable} onChange={(e) => edit(c, { stage: e.target.value })} data-testid="candidate-stage">
                  {stages.map((stage) => (
                    <option key={stage}>{stage}</option>
                  ))}
                </select>,
              )}
              {field('date', 'Date', <input type="date" value={draft.date} disabled={!editable} onChange={(e) => edit(c, { date: e.target.value })} data-testid="candidate-date" />)}
            </div>
            {c.warnings.length > 0 ? (
              <ul className="candidate-warnings small">
                {c.warnings.map((warning) => (
                  <li key={warning}>Check: {warning}</li>
                ))}
              </ul>
            ) : null}
            {decision.state === 'failed' ? (
              <p className="field-error" role="alert" data-testid="candidate-error">
                Not recorded: {decision.message}
              </p>
            ) : null}
            <div className="candidate-actions">
              {decision.state === 'accepted' ? (
                <span className="success" data-testid="candidate-recorded">
                  Recorded as {String(c.command?.contributionId)} · <a {...linkProps(evidenceHref('contribution', String(c.command?.contributionId)))}>its evidence</a>
                </span>
              ) : decision.state === 'rejected' ? (
                <>
                  <span className="muted">Rejected: nothing recorded.</span>{' '}
                  <button type="button" className="secondary" onClick={() => decide(c, { state: 'open' })} data-testid="candidate-undo">
                    Undo
                  </button>
                </>
              ) : canRecord && !c.command ? (
                <span className="muted">No date in the sentence or for the article: give the publication date above and read again.</span>
              ) : canRecord ? (
                <>
                  <button type="button" onClick={() => void accept(c)} disabled={decision.state === 'sending' || draft.date === ''} data-testid="candidate-accept">
                    {decision.state === 'sending' ? 'Recording…' : 'Accept'}
                  </button>{' '}
                  <button type="button" className="secondary" onClick={() => decide(c, { state: 'rejected' })} data-testid="candidate-reject">
                    Reject
                  </button>
                </>
              ) : null}
            </div>
          </div>
        );
      })}
    </div>
  );
}

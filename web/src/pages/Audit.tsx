import { useState } from 'react';
import { getJson } from '../api';
import { DataTable, type Column } from '../components/DataTable';
import { Status } from '../components/Status';
import { label, money } from '../format';
import { useQueryParam } from '../router';
import { canRead, useSession } from '../session';
import type { ExceptionRow } from '../types';
import { useApi } from '../useApi';

interface Verification {
  readonly ok: boolean;
  readonly events: number;
  readonly headHash: string;
  readonly treeRoot: string;
  readonly firstBreak?: { readonly seq: number; readonly reason: string };
  readonly projections?: { readonly ok: boolean; readonly tables: readonly { readonly table: string; readonly missing: number; readonly unexplained: number; readonly differing: number }[] };
}

interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: string;
  readonly createdAt: string;
  readonly note: string;
}

function verdict(v: Verification): string {
  const n = v.events.toLocaleString('en-GB');
  if (v.ok) return `Chain and projections verified: ${n} events`;
  if (v.firstBreak) return `Chain broken at event ${v.firstBreak.seq}: ${v.firstBreak.reason}`;
  const tables = (v.projections?.tables ?? []).filter((t) => t.missing + t.unexplained + t.differing > 0).map((t) => t.table);
  return `Chain verified (${n} events), but these tables differ from the log: ${tables.join(', ')}`;
}

/** The names on a signed note's signature lines ("— name base64"): the log's own first, then witnesses. */
function signers(note: string): string[] {
  return note
    .split('\n')
    .filter((line) => line.startsWith('\u2014 '))
    .map((line) => line.slice(2).split(' ')[0] ?? '');
}

interface HistoryRow {
  readonly seq: number;
  readonly type: string;
  readonly actor: string;
  readonly recordedAt: string;
  readonly hash: string;
  readonly event: Record<string, unknown>;
}

export function Audit() {
  const { session } = useSession();
  const verify = useApi(() => getJson<Verification>('/api/verify'), 'verify');
  return (
    <section>
      <h1>Audit</h1>
      <p className="lede">
        Every change is an event in an append-only log chained by SHA-256 and a leaf of a Merkle tree. The chain and the tree are recomputed here from the first event, and every table the
        reports read is compared with the log. Signed checkpoints fix the tree's root, so nobody can rewrite what they cover unnoticed; an auditor checks them offline with{' '}
        <code>aidtrace audit</code>.
      </p>
      <Status result={verify}>
        {(v) => (
          <div className={`verify ${v.ok ? 'ok' : 'broken'}`} data-testid="verify-status" role="status">
            <strong>{verdict(v)}</strong>
            <div className="small">
              head hash <code className="hash">{v.headHash}</code>
            </div>
            <div className="small">
              Merkle tree root <code className="hash">{v.treeRoot}</code>
            </div>
          </div>
        )}
      </Status>
      <LatestCheckpoint />
      {canRead(session.role, 'exceptions') ? <Exceptions /> : <p className="muted">The exceptions list and record histories are for admins, the coordinating cell and auditors.</p>}
      {canRead(session.role, 'history') ? <History /> : null}
    </section>
  );
}

function LatestCheckpoint() {
  const result = useApi(() => getJson<{ items: readonly Checkpoint[] }>('/api/checkpoints'), 'checkpoints');
  return (
    <>
      <h2>Signed checkpoints</h2>
      <Status result={result}>
        {({ items }) => {
          const latest = items.reduce<Checkpoint | undefined>((best, c) => (best === undefined || c.size > best.size ? c : best), undefined);
          if (latest === undefined) return <p className="muted">No checkpoint has been signed yet: start the server with AIDTRACE_CHECKPOINT_KEY, or run aidtrace checkpoint --key.</p>;
          const [log, ...witnesses] = signers(latest.note);
          return (
            <div data-testid="checkpoint">
              <p>
                The latest covers the first <strong>{latest.size.toLocaleString('en-GB')}</strong> events, signed by <code>{log}</code> on {latest.createdAt.slice(0, 10)}
                {witnesses.length > 0 ? (
                  <>
                    , cosigned by{' '}
                    {witnesses.map((w, i) => (
                      <span key={w}>
                        {i > 0 ? ', ' : ''}
                        <code>{w}</code>
                      </span>
                    ))}
                  </>
                ) : (
                  ', not yet cosigned by a witness'
                )}
                . {items.length === 1 ? 'It is the only checkpoint kept' : `${items.length} checkpoints are kept`}; the latest is always at{' '}
                <a href="/api/checkpoints/latest">/api/checkpoints/latest</a>.
              </p>
              <pre className="note">{latest.note}</pre>
            </div>
          );
        }}
      </Status>
    </>
  );
}

function Exceptions() {
  const result = useApi(() => getJson<{ currency: string; rows: readonly ExceptionRow[] }>('/api/reports/exceptions'), 'exceptions');
  return (
    <>
      <h2>Exceptions</h2>
      <Status result={result}>
        {(report) => {
          const columns: Column<ExceptionRow>[] = [
            { key: 'kind', header: 'Kind', value: (r) => label(r.kind), render: (r) => <span className={`pill kind-${r.kind}`}>{label(r.kind)}</span> },
            { key: 'subject', header: 'Subject', value: (r) => r.subject },
            { key: 'since', header: 'Since', value: (r) => r.since },
            { key: 'detail', header: 'Detail', value: (r) => r.detail },
            { key: 'amount', header: `Amount (${report.currency})`, value: (r) => r.amount, render: (r) => (r.amount === '0.00' ? '' : money(r.amount, report.currency)), align: 'right', numeric: true },
          ];
          return <DataTable id="exceptions" caption="Exceptions" columns={columns} rows={report.rows} rowKey={(r) => `${r.kind}:${r.subject}`} empty="No exceptions." />;
        }}
      </Status>
    </>
  );
}

function History() {
  const [id, setId] = useQueryParam('record');
  const [draft, setDraft] = useState(id);
  return (
    <>
      <h2>History of a record</h2>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          setId(draft.trim());
        }}
      >
        <label>
          Record id <input value={draft} onChange={(event) => setDraft(event.target.value)} placeholder="PURL-NLD-1, C-NLD-1, S-NORDIC-3…" data-testid="history-id" />
        </label>
        <button type="submit">Show history</button>
      </form>
      {id ? <HistoryOf id={id} /> : null}
    </>
  );
}

function HistoryOf({ id }: { readonly id: string }) {
  const result = useApi(() => getJson<{ items: readonly HistoryRow[] }>(`/api/history/${encodeURIComponent(id)}`), `history:${id}`);
  const columns: Column<HistoryRow>[] = [
    { key: 'seq', header: 'Seq', value: (r) => r.seq, align: 'right', numeric: true },
    { key: 'recordedAt', header: 'Recorded', value: (r) => r.recordedAt.slice(0, 19).replace('T', ' ') },
    { key: 'type', header: 'Event', value: (r) => r.type },
    { key: 'actor', header: 'By', value: (r) => r.actor },
    { key: 'event', header: 'What', value: (r) => summary(r.event) },
    { key: 'hash', header: 'Hash', value: (r) => r.hash, render: (r) => <code className="hash" title={r.hash}>{r.hash.slice(0, 12)}…</code> },
  ];
  return (
    <Status result={result}>
      {(data) => <DataTable id="history" caption={`History of ${id}`} columns={columns} rows={data.items} rowKey={(r) => String(r.seq)} />}
    </Status>
  );
}

function summary(event: Record<string, unknown>): string {
  return Object.entries(event)
    .filter(([key, value]) => key !== 'type' && value !== null && typeof value !== 'object')
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ')
    .slice(0, 160);
}

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
  readonly firstBreak?: { readonly seq: number; readonly reason: string };
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
        Every change is an event in an append-only log chained by SHA-256. The chain is recomputed here from the first event; an outside auditor can compare the head hash with a copy of the
        log.
      </p>
      <Status result={verify}>
        {(v) => (
          <div className={`verify ${v.ok ? 'ok' : 'broken'}`} data-testid="verify-status" role="status">
            <strong>{v.ok ? `Chain verified: ${v.events.toLocaleString('en-GB')} events` : `Chain broken at event ${v.firstBreak?.seq}: ${v.firstBreak?.reason}`}</strong>
            <div className="small">
              head hash <code className="hash">{v.headHash}</code>
            </div>
          </div>
        )}
      </Status>
      {canRead(session.role, 'exceptions') ? <Exceptions /> : <p className="muted">The exceptions list and record histories are for admins, the coordinating cell and auditors.</p>}
      {canRead(session.role, 'history') ? <History /> : null}
    </section>
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

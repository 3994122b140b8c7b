import { useMemo } from 'react';
import { getAll, getJson } from '../api';
import { ConfirmationBadge, useConfirmations } from '../components/Confirmation';
import { DataTable, type Column } from '../components/DataTable';
import { Status } from '../components/Status';
import { sourcedMoney } from '../components/Sourcing';
import { label, money } from '../format';
import { linkProps, useQueryParam } from '../router';
import { canRead, useSession } from '../session';
import type { ExceptionRow, PipelineReport, PipelineRow } from '../types';
import { useApi } from '../useApi';

const stages = ['proposed', 'approved', 'funded', 'contracted', 'delivering', 'delivered', 'closed', 'cancelled'];

interface PipelineData {
  readonly report: PipelineReport;
  /** Overdue shipments per package, where the reader may see exceptions. */
  readonly overdue: ReadonlyMap<string, number>;
}

async function loadPipeline(role: string): Promise<PipelineData> {
  const report = await getJson<PipelineReport>('/api/reports/pipeline');
  const overdue = new Map<string, number>();
  if (canRead(role, 'exceptions')) {
    const [exceptions, shipments] = await Promise.all([
      getJson<{ rows: readonly ExceptionRow[] }>('/api/reports/exceptions'),
      getAll<{ id: string; packageId: string }>('/api/shipments'),
    ]);
    const packageOf = new Map(shipments.map((s) => [s.id, s.packageId]));
    for (const row of exceptions.rows) {
      if (row.kind !== 'overdue_shipment') continue;
      const packageId = packageOf.get(row.subject.replace(/^shipment /, ''));
      if (packageId) overdue.set(packageId, (overdue.get(packageId) ?? 0) + 1);
    }
  }
  return { report, overdue };
}

export function Pipeline() {
  const { session } = useSession();
  const result = useApi(() => loadPipeline(session.role), `pipeline:${session.role}`);
  const [view, setView] = useQueryParam('view', 'board');
  return (
    <section>
      <h1>Pipeline</h1>
      <p className="lede">Every package by stage, with its funding gap and how long it has been where it is. Overdue shipments are marked.</p>
      <div className="segmented" role="radiogroup" aria-label="Show as">
        {(['board', 'table'] as const).map((option) => (
          <button key={option} type="button" role="radio" aria-checked={view === option} className={view === option ? 'on' : ''} onClick={() => setView(option)} data-testid={`pipeline-view-${option}`}>
            {option === 'board' ? 'Board' : 'Table'}
          </button>
        ))}
      </div>
      <Status result={result}>{(data) => (view === 'table' ? <PipelineTable data={data} /> : <Board data={data} />)}</Status>
    </section>
  );
}

function Board({ data }: { readonly data: PipelineData }) {
  const { report, overdue } = data;
  const confirmations = useConfirmations('packages');
  const byStage = stages.map((stage) => ({ stage, rows: report.rows.filter((row) => row.stage === stage) })).filter((column) => column.rows.length > 0 || !['cancelled'].includes(column.stage));
  return (
    <div className="board" data-testid="pipeline-board">
      {byStage.map(({ stage, rows }) => (
        <section key={stage} className="board-column" aria-label={`${label(stage)}: ${rows.length}`}>
          <h2 className={`stage-${stage}`}>
            {label(stage)} <span className="muted">{rows.length}</span>
          </h2>
          {rows.map((row) => (
            <div key={row.packageId} className={`card ${overdue.has(row.packageId) ? 'overdue' : ''}`}>
              <a {...linkProps(`/packages/${encodeURIComponent(row.packageId)}`)}>
                <strong>{row.packageId}</strong>
              </a>
              <span className="small">{row.title}</span>
              <span className="small">
                {money(row.value, report.currency)}
                {row.fundingGap !== '0.00' ? <span className="warn-text"> · gap {money(row.fundingGap, report.currency)}</span> : null}
              </span>
              <span className="small muted">{row.daysInStage === null ? 'days in stage withheld while goods move' : `${row.daysInStage} days in stage`}</span>
              {overdue.has(row.packageId) ? <span className="badge warn">{overdue.get(row.packageId)} overdue shipment(s)</span> : null}
              <span className="small">
                <ConfirmationBadge kind="package" id={row.packageId} confirmation={confirmations.get(row.packageId)} />
              </span>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}

function PipelineTable({ data }: { readonly data: PipelineData }) {
  const { report, overdue } = data;
  const confirmations = useConfirmations('packages');
  const c = report.currency;
  const amount = (key: keyof PipelineRow & ('value' | 'pledged' | 'paid' | 'contracted' | 'shipped' | 'accepted' | 'fundingGap'), header: string): Column<PipelineRow> => ({
    key,
    header,
    value: (r) => r[key],
    // Each package's figure with its sourcing; the package page lists the records behind it.
    render: (r) => sourcedMoney(r[key], r.sourcing?.[key], c, `/packages/${encodeURIComponent(r.packageId)}#package-records`, `${header.replace(/ \(.*\)$/, '')}, ${r.packageId}`),
    align: 'right',
    numeric: true,
  });
  const columns = useMemo<Column<PipelineRow>[]>(
    () => [
      { key: 'packageId', header: 'Package', value: (r) => r.packageId, render: (r) => <a {...linkProps(`/packages/${encodeURIComponent(r.packageId)}`)}>{r.packageId}</a> },
      { key: 'stage', header: 'Stage', value: (r) => r.stage, render: (r) => <span className={`pill stage-${r.stage}`}>{label(r.stage)}</span> },
      { key: 'days', header: 'Days in stage', value: (r) => r.daysInStage, align: 'right', numeric: true },
      amount('value', `Value (${c})`),
      amount('paid', 'Paid in'),
      amount('contracted', 'Contracted'),
      amount('shipped', 'Delivered'),
      amount('accepted', 'Accepted'),
      amount('fundingGap', 'Funding gap'),
      { key: 'overdue', header: 'Overdue shipments', value: (r) => overdue.get(r.packageId) ?? 0, align: 'right', numeric: true },
      {
        key: 'confirmation',
        header: 'Sourcing',
        value: (r) => confirmations.get(r.packageId)?.level ?? 'unverified',
        render: (r) => <ConfirmationBadge kind="package" id={r.packageId} confirmation={confirmations.get(r.packageId)} />,
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [report, overdue, confirmations],
  );
  return (
    <DataTable
      id="pipeline"
      caption="Packages"
      columns={columns}
      rows={report.rows}
      rowKey={(r) => r.packageId}
      rowClass={(r) => (overdue.has(r.packageId) ? 'row-warn' : r.fundingGap !== '0.00' ? 'row-gap' : undefined)}
    />
  );
}

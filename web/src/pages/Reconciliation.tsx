import { FunnelChart } from 'echarts/charts';
import { use } from 'echarts/core';
import { useMemo } from 'react';
import { getJson } from '../api';
import { Chart } from '../components/Chart';
import { ConfirmationBadge, useConfirmations } from '../components/Confirmation';
import { DataTable, type Column } from '../components/DataTable';
import { SourcedFigures, SourcingStrip, sourcedMoney } from '../components/Sourcing';
import { Status } from '../components/Status';
import { compactMoney, groupDecimal, hundredthsOf, label, money, plotUnits } from '../format';
import { linkProps, useQueryParam } from '../router';
import { useSession } from '../session';
import type { SourcingMix, ReconciliationAmounts, ReconciliationGapLine, ReconciliationReport, ReconciliationRow } from '../types';
import { useApi } from '../useApi';

use([FunnelChart]);

const reportPath = '/api/reports/reconciliation';

/** The six stages, in the order money moves through them. */
const stages = [
  { key: 'pledged', label: 'Pledged', colour: '#9ab8d8' },
  { key: 'committed', label: 'Committed', colour: '#6f9bc9' },
  { key: 'disbursed', label: 'Disbursed', colour: '#0b5cad' },
  { key: 'contracted', label: 'Contracted', colour: '#6a51a3' },
  { key: 'shipped', label: 'Shipped', colour: '#c05b1c' },
  { key: 'accepted', label: 'Accepted', colour: '#1e7b34' },
] as const satisfies readonly { key: keyof ReconciliationAmounts; label: string; colour: string }[];

type Amount = Exclude<keyof ReconciliationAmounts, 'tracedPercent' | 'sourcing'>;

/** Where the records behind a row's figures are listed, each with its badge. */
function recordsOf(row: { readonly level: 'donor' | 'package'; readonly id: string } | undefined): string {
  if (!row) return '/pipeline?view=table';
  return row.level === 'package' ? `/packages/${encodeURIComponent(row.id)}#package-records` : `/donors/${encodeURIComponent(row.id)}`;
}

/** Traced money, then untraced money from the newest to the oldest: green, then warmer with age. */
const moneyParts = [
  { key: 'traced', label: 'Traced to accepted goods', colour: '#1e7b34' },
  { key: 'untraced0To30', label: 'Untraced, 0–30 days', colour: '#f2c94c' },
  { key: 'untraced31To90', label: 'Untraced, 31–90 days', colour: '#f2994a' },
  { key: 'untraced91To180', label: 'Untraced, 91–180 days', colour: '#e0663a' },
  { key: 'untraced181To365', label: 'Untraced, 181–365 days', colour: '#c8412d' },
  { key: 'untracedOver365', label: 'Untraced, over 365 days', colour: '#8e1b1b' },
] as const satisfies readonly { key: keyof ReconciliationAmounts; label: string; colour: string }[];

/** part ÷ whole of two decimal strings, in percent with two decimals, computed on integers. */
function percentOf(part: string, whole: string): string | null {
  const w = hundredthsOf(whole);
  if (w <= 0n) return null;
  const basisPoints = (hundredthsOf(part) * 10_000n * 2n + w) / (2n * w);
  return `${basisPoints / 100n}.${(basisPoints % 100n).toString().padStart(2, '0')}`;
}

/** The exact sum of decimal strings, as a decimal string with two places. */
function addDecimals(amounts: readonly string[]): string {
  const sum = amounts.reduce((total, amount) => total + hundredthsOf(amount), 0n);
  const negative = sum < 0n;
  const abs = negative ? -sum : sum;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

export function Reconciliation() {
  const result = useApi(() => getJson<ReconciliationReport>(reportPath), 'reconciliation');
  return (
    <section>
      <h1>Reconciliation</h1>
      <p className="lede">
        Of the money pledged, how much was committed, disbursed, put under contract, shipped and accepted by the recipient — and how much paid money is not yet traced to
        accepted goods, and for how long. Oldest money is traced first.
      </p>
      <Status result={result}>{(report) => <ReconciliationBody report={report} />}</Status>
    </section>
  );
}

function ReconciliationBody({ report }: { readonly report: ReconciliationReport }) {
  const { session } = useSession();
  const c = report.currency;
  const packageConfirmations = useConfirmations('packages');
  const donors = useMemo(() => report.rows.filter((row) => row.level === 'donor'), [report]);
  const packages = useMemo(() => report.rows.filter((row) => row.level === 'package'), [report]);
  // A donor's ministry opens on its own figures; anyone may switch to another donor or to all.
  const own = session.role === 'donor' && donors.some((row) => row.id === session.partyId) ? (session.partyId ?? 'all') : 'all';
  const [focus, setFocus] = useQueryParam('donor', own);
  const focused = donors.find((row) => row.id === focus);
  const subject: ReconciliationAmounts = focused ?? report.totals;
  const [view, setView] = useQueryParam('view', 'donors');
  const older = addDecimals([subject.untraced181To365, subject.untracedOver365]);
  const rejected = addDecimals(report.quantities.map((gap) => gap.rejectedValue));
  const notReceived = addDecimals(report.quantities.map((gap) => gap.notReceivedValue));

  const funnel = useMemo(() => {
    const values = stages.map((stage) => plotUnits(subject[stage.key]));
    return {
      tooltip: { trigger: 'item', formatter: (p: { dataIndex: number }) => `${stages[p.dataIndex]?.label}: ${money(subject[stages[p.dataIndex]?.key ?? 'pledged'], c)}` },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          min: 0,
          max: Math.max(1, ...values),
          minSize: '6%',
          left: '4%',
          width: '92%',
          top: 6,
          bottom: 6,
          gap: 3,
          label: {
            position: 'inside',
            color: '#fff',
            fontWeight: 600,
            formatter: (p: { dataIndex: number }) => `${stages[p.dataIndex]?.label}  ${compactMoney(subject[stages[p.dataIndex]?.key ?? 'pledged'], c)}`,
          },
          data: stages.map((stage, index) => ({ name: stage.label, value: values[index], itemStyle: { color: stage.colour } })),
        },
      ],
    };
  }, [subject, c]);

  const byDonor = useMemo(() => {
    const rows = focused ? [focused] : donors;
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => compactMoney(String(v), c) },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 24, bottom: 8, top: 40, containLabel: true },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => compactMoney(String(v), '') } },
      yAxis: { type: 'category', data: rows.map((row) => row.name), inverse: true },
      series: moneyParts.map((part) => ({
        type: 'bar',
        name: part.label,
        stack: 'disbursed',
        barMaxWidth: 34,
        itemStyle: { color: part.colour },
        data: rows.map((row) => plotUnits(row[part.key])),
      })),
    };
  }, [donors, focused, c]);

  const subjectRecords = recordsOf(focused);
  const stageRows = stages.map((stage) => ({ ...stage, amount: subject[stage.key], ofPledged: percentOf(subject[stage.key], subject.pledged), mix: subject.sourcing?.[stage.key], href: subjectRecords }));
  const amountColumn = (key: Amount, header: string): Column<ReconciliationRow> => ({
    key,
    header,
    value: (r) => r[key],
    render: (r) => money(r[key], c),
    align: 'right',
    numeric: true,
  });
  // The six stages are sums over records: each with its sourcing, opening the records behind the row.
  const stageColumn = (key: (typeof stages)[number]['key'], header: string, name: string): Column<ReconciliationRow> => ({
    ...amountColumn(key, header),
    render: (r) => sourcedMoney(r[key], r.sourcing?.[key], c, recordsOf(r), `${name}, ${r.level === 'package' ? r.id : r.name}`),
  });
  const rowColumns: Column<ReconciliationRow>[] = [
    {
      key: 'name',
      header: view === 'packages' ? 'Package' : 'Donor',
      value: (r) => r.name,
      render: (r) => <a {...linkProps(r.level === 'package' ? `/packages/${encodeURIComponent(r.id)}` : `/donors/${encodeURIComponent(r.id)}`)}>{r.level === 'package' ? r.id : r.name}</a>,
    },
    ...stages.map((stage) => stageColumn(stage.key, stage.key === 'pledged' ? `Pledged (${c})` : stage.label, stage.label)),
    amountColumn('traced', 'Traced'),
    { key: 'tracedPercent', header: 'Traced %', value: (r) => r.tracedPercent, render: (r) => (r.tracedPercent === null ? '—' : `${r.tracedPercent} %`), align: 'right', numeric: true },
    amountColumn('untraced', 'Not yet traced'),
    amountColumn('untracedOver365', 'of it > 365 days'),
    // A package row is one record with its own sourcing; a donor row adds up many.
    ...(view === 'packages'
      ? [
          {
            key: 'confirmation',
            header: 'Sourcing',
            value: (r: ReconciliationRow) => packageConfirmations.get(r.id)?.level ?? 'unverified',
            render: (r: ReconciliationRow) => <ConfirmationBadge kind="package" id={r.id} confirmation={packageConfirmations.get(r.id)} />,
          },
        ]
      : []),
  ];
  const agingColumns: Column<ReconciliationRow>[] = [
    { key: 'name', header: 'Donor', value: (r) => r.name },
    ...moneyParts.map((part) => amountColumn(part.key, part.label)),
  ];
  type GapRow = ReconciliationGapLine & { readonly packageId: string; readonly key: string };
  const gapRows: GapRow[] = report.quantities.flatMap((gap) => gap.lines.map((line) => ({ ...line, packageId: gap.packageId, key: `${line.contractId}/${line.lineId}` })));
  const gapColumns: Column<GapRow>[] = [
    { key: 'packageId', header: 'Package', value: (r) => r.packageId, render: (r) => <a {...linkProps(`/packages/${encodeURIComponent(r.packageId)}`)}>{r.packageId}</a> },
    { key: 'item', header: 'Item', value: (r) => r.item },
    { key: 'shipped', header: 'Shipped', value: (r) => r.shipped, align: 'right', numeric: true },
    { key: 'accepted', header: 'Accepted', value: (r) => r.accepted, align: 'right', numeric: true },
    { key: 'rejected', header: 'Rejected', value: (r) => r.rejected, align: 'right', numeric: true },
    { key: 'notReceived', header: 'Not received', value: (r) => r.notReceived, align: 'right', numeric: true },
    { key: 'rejectedValue', header: `Rejected (${c})`, value: (r) => r.rejectedValue, render: (r) => money(r.rejectedValue, c), align: 'right', numeric: true },
    { key: 'notReceivedValue', header: `Not received (${c})`, value: (r) => r.notReceivedValue, render: (r) => money(r.notReceivedValue, c), align: 'right', numeric: true },
    { key: 'reasons', header: 'Reason given', value: (r) => r.reasons.join('; ') },
  ];
  type Merged = ReconciliationReport['merges']['list'][number];
  const mergeColumns: Column<Merged>[] = [
    { key: 'record', header: 'Record', value: (r) => `${label(r.recordKind)} ${r.recordId}` },
    { key: 'merged', header: 'Reports merged', value: (r) => r.merged, align: 'right', numeric: true },
    { key: 'amount', header: `Amount (${c})`, value: (r) => r.amount, render: (r) => (r.amount === null ? '—' : money(r.amount, c)), align: 'right', numeric: true },
    { key: 'sources', header: 'Sources, first first', value: (r) => r.sources.map((s) => `${s.dataset} (${s.file}, ${s.locator})`).join(' · ') },
  ];
  const m = report.merges;

  return (
    <>
      <div className="toolbar">
        <label>
          Show{' '}
          <select value={focus} onChange={(event) => setFocus(event.target.value)} data-testid="reconciliation-donor">
            <option value="all">all donors</option>
            {donors.map((row) => (
              <option key={row.id} value={row.id}>
                {row.name}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">
          as of {report.asOf}, in {c} at dated rates
        </span>
        <a className="button secondary" href={`${reportPath}?format=csv`} download={`reconciliation-${report.asOf}.csv`} data-testid="reconciliation-download">
          Download CSV (donors and packages, exact amounts)
        </a>
      </div>
      <SourcedFigures
        testId="reconciliation-figures"
        items={[
          { label: 'Disbursed', value: money(subject.disbursed, c), note: `of ${money(subject.pledged, c)} pledged`, sourcing: { mix: subject.sourcing?.disbursed, currency: c, href: subjectRecords } },
          { label: 'Traced to accepted goods', value: money(subject.traced, c), note: subject.tracedPercent === null ? 'nothing disbursed' : `${subject.tracedPercent} % of disbursed`, tone: 'good' },
          { label: 'Not yet traced', value: money(subject.untraced, c), tone: hundredthsOf(subject.untraced) > 0n ? 'warn' : 'good', note: 'paid, no accepted goods yet' },
          { label: 'Untraced over 180 days', value: money(older, c), tone: hundredthsOf(older) > 0n ? 'warn' : 'good' },
          { label: 'Rejected at receipt', value: money(rejected, c), note: `${money(notReceived, c)} dispatched, not received` },
          { label: 'Double counting avoided', value: `${m.merged} report${m.merged === 1 ? '' : 's'}`, note: m.merged === 0 ? 'no record had two sources' : `merged into ${m.records} record${m.records === 1 ? '' : 's'}` },
        ]}
      />
      <div className="grid-2">
        <Chart
          title={`From pledge to accepted goods — ${focused ? focused.name : 'all donors'}`}
          option={funnel}
          height={300}
          testId="chart-reconciliation-funnel"
          table={<StageTable rows={stageRows} currency={c} />}
        />
        <div className="chart stage-table" data-testid="reconciliation-stages">
          <StageTable rows={stageRows} currency={c} />
          <p className="muted small">
            Per donor, contracted, shipped and accepted are its share of each package, pro rata to its money in it. Traced is the part of disbursed money that accepted goods
            account for; untraced money is aged from the day it was paid, oldest money traced first.
          </p>
        </div>
      </div>
      <Chart
        title="Where each donor's disbursed money stands: traced to accepted goods, or waiting — and for how long"
        option={byDonor}
        height={Math.max(180, 64 + (focused ? 1 : donors.length) * 42)}
        testId="chart-reconciliation-aging"
        table={<DataTable id="reconciliation-aging" caption="Disbursed money by donor: traced, and untraced by age" columns={agingColumns} rows={focused ? [focused] : donors} rowKey={(r) => r.id} />}
      />
      <h2>By donor and by package</h2>
      <div className="segmented" role="radiogroup" aria-label="Rows">
        {(['donors', 'packages'] as const).map((option) => (
          <button key={option} type="button" role="radio" aria-checked={view === option} className={view === option ? 'on' : ''} onClick={() => setView(option)} data-testid={`reconciliation-view-${option}`}>
            {option === 'donors' ? 'Donors' : 'Packages'}
          </button>
        ))}
      </div>
      <DataTable
        id="reconciliation"
        caption={view === 'packages' ? 'Packages' : 'Donors'}
        columns={rowColumns}
        rows={view === 'packages' ? packages : donors}
        rowKey={(r) => `${r.level}:${r.id}`}
      />
      <h2>Goods rejected at receipt, or dispatched and not received</h2>
      <DataTable id="reconciliation-goods" caption="Rejected and unreceived goods" columns={gapColumns} rows={gapRows} rowKey={(r) => r.key} empty="Every shipped item was received and accepted." />
      <h2>Double counting avoided</h2>
      {m.merged === 0 ? (
        <p className="muted" data-testid="reconciliation-merges">
          No record in view was reported by more than one source.
        </p>
      ) : (
        <>
          <p data-testid="reconciliation-merges">
            {m.merged} report{m.merged === 1 ? '' : 's'} of {m.records} record{m.records === 1 ? '' : 's'} came from a second source and {m.merged === 1 ? 'was' : 'were'} merged, not
            counted again{hundredthsOf(m.avoided) > 0n ? ` (${money(m.avoided, c)} of pledges not counted twice)` : ''}. By dataset:{' '}
            {m.byDataset.map((d) => `${d.dataset} ${groupDecimal(String(d.merged))}`).join('; ')}.
          </p>
          <DataTable id="reconciliation-merged" caption="Records with more than one source" columns={mergeColumns} rows={m.list} rowKey={(r) => `${r.recordKind}:${r.recordId}`} />
        </>
      )}
    </>
  );
}

interface StageRow {
  readonly key: string;
  readonly label: string;
  readonly colour: string;
  readonly amount: string;
  readonly ofPledged: string | null;
  readonly mix: SourcingMix | undefined;
  readonly href: string;
}

function StageTable({ rows, currency }: { readonly rows: readonly StageRow[]; readonly currency: string }) {
  return (
    <table className="compact">
      <thead>
        <tr>
          <th scope="col">Stage</th>
          <th scope="col" className="num">
            Amount ({currency})
          </th>
          <th scope="col" className="num">
            Of pledged
          </th>
          <th scope="col">Sourcing</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <td>
              <span className="swatch" style={{ background: row.colour }} aria-hidden="true" /> {row.label}
            </td>
            <td className="num">{money(row.amount, currency)}</td>
            <td className="num">{row.ofPledged === null ? '—' : `${row.ofPledged} %`}</td>
            <td className="stage-sourcing">
              <SourcingStrip mix={row.mix} currency={currency} href={row.href} figure={row.label} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

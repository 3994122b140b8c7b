import { useMemo } from 'react';
import { getJson } from '../api';
import { Chart } from '../components/Chart';
import { DataTable, type Column } from '../components/DataTable';
import { SourcedFigures, sourcedMoney } from '../components/Sourcing';
import { Status } from '../components/Status';
import { compactMoney, hundredthsOf, label, money, plotHundredths, plotUnits } from '../format';
import { linkProps } from '../router';
import type { OverviewReport } from '../types';
import { useApi } from '../useApi';

/** The records behind the overview's figures: every package with its figures and badge. */
const recordsHref = '/pipeline?view=table';

const stages = ['proposed', 'approved', 'funded', 'contracted', 'delivering', 'delivered', 'closed', 'cancelled'];

/** Running totals of decimal strings, summed exactly, as plot units. */
function cumulative(values: readonly string[]): number[] {
  let sum = 0n;
  return values.map((value) => plotHundredths((sum += hundredthsOf(value))));
}

export function Overview() {
  const result = useApi(() => getJson<OverviewReport>('/api/reports/overview'), 'overview');
  return (
    <section>
      <h1>Overview</h1>
      <Status result={result}>{(report) => <OverviewBody report={report} />}</Status>
    </section>
  );
}

function OverviewBody({ report }: { readonly report: OverviewReport }) {
  const { totals, currency } = report;
  const categoryColumns = useMemo<Column<OverviewReport['byCategory'][number]>[]>(
    () => [
      { key: 'category', header: 'Category', value: (r) => label(r.category) },
      ...(
        [
          ['value', `Value (${currency})`, 'Value'],
          ['contracted', 'Contracted', 'Contracted'],
          ['shipped', 'Delivered', 'Delivered'],
          ['accepted', 'Accepted', 'Accepted'],
        ] as const
      ).map(([key, header, name]) => ({
        key,
        header,
        value: (r: OverviewReport['byCategory'][number]) => r[key],
        render: (r: OverviewReport['byCategory'][number]) => sourcedMoney(r[key], r.sourcing?.[key], currency, recordsHref, `${name}, ${label(r.category)}`),
        align: 'right' as const,
        numeric: true,
      })),
    ],
    [currency],
  );
  const monthColumns = useMemo<Column<OverviewReport['rows'][number]>[]>(
    () => [
      { key: 'month', header: 'Month', value: (r) => r.month },
      ...(['pledged', 'paid', 'contracted', 'accepted'] as const).map((key) => ({
        key,
        header: `${key[0]?.toUpperCase()}${key.slice(1)} (${currency})`,
        value: (r: OverviewReport['rows'][number]) => r[key],
        render: (r: OverviewReport['rows'][number]) => sourcedMoney(r[key], r.sourcing?.[key], currency, recordsHref, `${key[0]?.toUpperCase()}${key.slice(1)}, ${r.month}`),
        align: 'right' as const,
        numeric: true,
      })),
    ],
    [currency],
  );
  const byCategory = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${currency} ${v.toLocaleString('en-GB')}` },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => compactMoney(String(v), '') } },
      yAxis: { type: 'category', data: report.byCategory.map((r) => label(r.category)), inverse: true },
      series: (['value', 'contracted', 'accepted'] as const).map((key) => ({
        type: 'bar',
        name: key === 'value' ? 'Value' : key === 'contracted' ? 'Contracted' : 'Accepted',
        data: report.byCategory.map((r) => plotUnits(r[key])),
      })),
    }),
    [report, currency],
  );
  const overTime = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${currency} ${v.toLocaleString('en-GB')}` },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'category', data: report.rows.map((r) => r.month) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => compactMoney(String(v), '') } },
      series: (['pledged', 'paid', 'contracted', 'accepted'] as const).map((key) => ({
        type: 'line',
        name: `${key[0]?.toUpperCase()}${key.slice(1)}`,
        step: 'end',
        data: cumulative(report.rows.map((r) => r[key])),
      })),
    }),
    [report, currency],
  );
  const gapTone = totals.fundingGap === '0.00' ? 'good' : 'warn';
  const sourced = (figure: keyof NonNullable<typeof totals.sourcing>) => ({ mix: totals.sourcing?.[figure], currency, href: recordsHref });
  return (
    <>
      <p className="lede">
        {totals.packages} packages, as of {report.asOf}, in {currency} (converted at dated rates). Money moves left to right: pledged → committed → paid → contracted → delivered →
        accepted.
        Under each figure, how much of it rests on confirmed, on-record, reported and unverified records; it opens the packages behind it, each with its evidence.
      </p>
      <SourcedFigures
        testId="overview-figures"
        items={[
          { label: 'Pledged', value: money(totals.pledged, currency), sourcing: sourced('pledged') },
          { label: 'Committed', value: money(totals.committed, currency), sourcing: sourced('committed') },
          { label: 'Paid in', value: money(totals.paid, currency), sourcing: sourced('paid') },
          { label: 'Contracted', value: money(totals.contracted, currency), sourcing: sourced('contracted') },
          { label: 'Delivered', value: money(totals.shipped, currency), sourcing: sourced('shipped') },
          { label: 'Accepted', value: money(totals.accepted, currency), sourcing: sourced('accepted') },
          { label: 'Funding gap', value: money(totals.fundingGap, currency), tone: gapTone, sourcing: sourced('fundingGap') },
          { label: 'Exceptions', value: String(totals.exceptions), tone: totals.exceptions > 0 ? 'warn' : 'good', note: 'overdue, rejected, backwards' },
        ]}
      />
      <div className="stage-strip" aria-label="Packages by stage">
        {stages.map((stage) => (
          <a key={stage} className={`stage-chip stage-${stage}`} {...linkProps(`/pipeline?pipeline.q=${stage}`)}>
            <span>{label(stage)}</span> <strong>{totals.packagesByStage[stage] ?? 0}</strong>
          </a>
        ))}
      </div>
      <div className="grid-2">
        <Chart title="Over time (cumulative)" option={overTime} testId="chart-over-time" table={<DataTable id="months" caption="By month" columns={monthColumns} rows={report.rows} rowKey={(r) => r.month} />} />
        <Chart title="By category" option={byCategory} testId="chart-by-category" table={<DataTable id="categories-chart" caption="By category" columns={categoryColumns} rows={report.byCategory} rowKey={(r) => r.category} />} />
      </div>
      <h2>By category</h2>
      <DataTable id="categories" caption="Totals by category" columns={categoryColumns} rows={report.byCategory} rowKey={(r) => r.category} />
    </>
  );
}

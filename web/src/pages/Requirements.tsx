import { useMemo } from 'react';
import { getJson } from '../api';
import { Chart } from '../components/Chart';
import { DataTable, type Column } from '../components/DataTable';
import { Figures, Status } from '../components/Status';
import { label } from '../format';
import type { Report, RequirementRow } from '../types';
import { useApi } from '../useApi';

const statusText: Record<string, string> = { met: 'Met', in_pipeline: 'In pipeline', unfunded: 'Unfunded' };

export function Requirements() {
  const result = useApi(() => getJson<Report<RequirementRow>>('/api/reports/requirements'), 'requirements');
  return (
    <section>
      <h1>Requirements</h1>
      <p className="lede">The recipient's prioritized list, and how much of each line is accepted, on its way, or still unfunded.</p>
      <Status result={result}>{(report) => <RequirementsBody rows={[...report.rows].sort((a, b) => a.priority - b.priority)} />}</Status>
    </section>
  );
}

function RequirementsBody({ rows }: { readonly rows: readonly RequirementRow[] }) {
  const count = (status: string) => rows.filter((row) => row.status === status).length;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
      yAxis: { type: 'category', inverse: true, data: rows.map((row) => `#${row.priority} ${row.description.slice(0, 28)}`) },
      series: (
        [
          ['accepted', 'Accepted', '#2e7d32'],
          ['inPipeline', 'In pipeline', '#f0a202'],
          ['unfunded', 'Unfunded', '#c62828'],
        ] as const
      ).map(([key, name, color]) => ({
        type: 'bar',
        stack: 'coverage',
        name,
        itemStyle: { color },
        // Whole percent of the required quantity (quantities are counts, not money).
        data: rows.map((row) => (row.required === 0 ? 0 : Math.round((row[key] * 100) / row.required))),
      })),
    }),
    [rows],
  );
  const columns: Column<RequirementRow>[] = [
    { key: 'priority', header: 'Priority', value: (r) => r.priority, align: 'right', numeric: true },
    { key: 'requirementId', header: 'Requirement', value: (r) => r.requirementId },
    { key: 'description', header: 'Description', value: (r) => r.description },
    { key: 'category', header: 'Category', value: (r) => label(r.category) },
    { key: 'required', header: 'Required', value: (r) => r.required, render: (r) => `${r.required.toLocaleString('en-GB')} ${r.unit}`, align: 'right', numeric: true },
    { key: 'accepted', header: 'Accepted', value: (r) => r.accepted, align: 'right', numeric: true },
    { key: 'inPipeline', header: 'In pipeline', value: (r) => r.inPipeline, align: 'right', numeric: true },
    { key: 'unfunded', header: 'Unfunded', value: (r) => r.unfunded, align: 'right', numeric: true },
    { key: 'neededBy', header: 'Needed by', value: (r) => r.neededBy },
    { key: 'status', header: 'Status', value: (r) => r.status, render: (r) => <span className={`pill status-${r.status}`}>{statusText[r.status] ?? r.status}</span> },
  ];
  return (
    <>
      <Figures
        items={[
          { label: 'Requirements', value: String(rows.length) },
          { label: 'Met', value: String(count('met')), tone: 'good' },
          { label: 'In pipeline', value: String(count('in_pipeline')) },
          { label: 'Unfunded', value: String(count('unfunded')), tone: count('unfunded') > 0 ? 'warn' : 'good' },
        ]}
      />
      <Chart
        title="Coverage of each requirement (% of the required quantity)"
        option={option}
        height={Math.max(260, rows.length * 30 + 60)}
        testId="chart-requirements"
        table={<DataTable id="requirements-chart" caption="Coverage" columns={columns} rows={rows} rowKey={(r) => r.requirementId} />}
      />
      <DataTable id="requirements" caption="Requirements" columns={columns} rows={rows} rowKey={(r) => r.requirementId} rowClass={(r) => (r.status === 'unfunded' ? 'row-warn' : undefined)} />
    </>
  );
}

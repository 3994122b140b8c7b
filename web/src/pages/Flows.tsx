import { SankeyChart } from 'echarts/charts';
import { use } from 'echarts/core';
import { useCallback, useMemo } from 'react';
import { getJson } from '../api';
import { Chart } from '../components/Chart';
import { DataTable, type Column } from '../components/DataTable';
import { Status } from '../components/Status';
import { money, plotUnits } from '../format';
import { sourcedMoney } from '../components/Sourcing';
import { navigate, useQueryParam } from '../router';
import type { FlowsReport } from '../types';
import { useApi } from '../useApi';

use([SankeyChart]);

const kindColour: Record<string, string> = { donor: '#0b5cad', package: '#6a51a3', producer: '#c05b1c', recipient: '#2e7d32' };
/** Columns of the diagram: a package nobody has been paid for yet still stands among the packages. */
const kindDepth: Record<string, number> = { donor: 0, package: 1, producer: 2, recipient: 3 };

export function Flows() {
  const result = useApi(() => getJson<FlowsReport>('/api/reports/flows'), 'flows');
  const [by, setBy] = useQueryParam('by', 'paid');
  const measure = by === 'delivered' ? 'delivered' : 'paid';
  return (
    <section>
      <h1>Flows</h1>
      <p className="lede">Where the money came from and where it went: donor → package → producer → recipient. Click a package to open it.</p>
      <div className="segmented" role="radiogroup" aria-label="Size flows by">
        {(['paid', 'delivered'] as const).map((option) => (
          <button key={option} type="button" role="radio" aria-checked={measure === option} className={measure === option ? 'on' : ''} onClick={() => setBy(option)} data-testid={`flows-by-${option}`}>
            {option === 'paid' ? 'Sized by money paid' : 'Sized by goods delivered'}
          </button>
        ))}
      </div>
      <Status result={result}>{(report) => <FlowsBody report={report} measure={measure} />}</Status>
    </section>
  );
}

function FlowsBody({ report, measure }: { readonly report: FlowsReport; readonly measure: 'paid' | 'delivered' }) {
  const { currency } = report;
  const names = useMemo(() => new Map(report.nodes.map((node) => [node.id, node])), [report]);
  const links = report.rows.filter((row) => row[measure] !== '0.00' && !row[measure].startsWith('-'));
  const used = new Set(links.flatMap((link) => [link.source, link.target]));
  // On a phone the names do not fit beside the bands: the diagram keeps its shape, the tooltip and the table name the flows.
  const narrow = window.innerWidth < 640;
  const option = useMemo(
    () => ({
      tooltip: {
        trigger: 'item',
        formatter: (params: { dataType: string; data: { source?: string; target?: string; exact?: string; name?: string } }) =>
          params.dataType === 'edge'
            ? `${names.get(params.data.source ?? '')?.name ?? ''} → ${names.get(params.data.target ?? '')?.name ?? ''}<br/>${money(params.data.exact, currency)}`
            : (names.get(params.data.name ?? '')?.name ?? ''),
      },
      series: [
        {
          type: 'sankey',
          left: 8,
          right: narrow ? 8 : 150,
          top: 8,
          bottom: 8,
          nodeGap: 10,
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', opacity: 0.35 },
          label: { show: !narrow, formatter: (params: { name: string }) => shortName(names.get(params.name)?.name ?? params.name) },
          data: report.nodes.filter((node) => used.has(node.id)).map((node) => ({ name: node.id, depth: kindDepth[node.kind], itemStyle: { color: kindColour[node.kind] ?? '#777' } })),
          links: links.map((link) => ({ source: link.source, target: link.target, value: plotUnits(link[measure]), exact: link[measure] })),
        },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [report, measure],
  );
  const onClick = useCallback((params: { dataType?: string; data?: unknown }) => {
    const name = (params.data as { name?: string } | undefined)?.name;
    if (params.dataType === 'node' && name?.startsWith('package:')) navigate(`/packages/${encodeURIComponent(name.slice('package:'.length))}`);
  }, []);
  const flowName = (r: FlowsReport['rows'][number]) => `${names.get(r.source)?.name ?? r.source} → ${names.get(r.target)?.name ?? r.target}`;
  const columns: Column<FlowsReport['rows'][number]>[] = [
    { key: 'source', header: 'From', value: (r) => names.get(r.source)?.name ?? r.source },
    { key: 'target', header: 'To', value: (r) => names.get(r.target)?.name ?? r.target },
    { key: 'paid', header: `Paid (${currency})`, value: (r) => r.paid, render: (r) => sourcedMoney(r.paid, r.sourcing?.paid, currency, recordsOfFlow(r), `Paid, ${flowName(r)}`), align: 'right', numeric: true },
    {
      key: 'delivered',
      header: `Delivered (${currency})`,
      value: (r) => r.delivered,
      render: (r) => sourcedMoney(r.delivered, r.sourcing?.delivered, currency, recordsOfFlow(r), `Delivered, ${flowName(r)}`),
      align: 'right',
      numeric: true,
    },
  ];
  if (links.length === 0) return <p className="muted">No flows to show yet.</p>;
  return (
    <>
      <Chart
        title={`Flows sized by ${measure === 'paid' ? 'money paid' : 'goods delivered'} (${currency})`}
        option={option}
        height={Math.max(420, used.size * 26)}
        onClick={onClick}
        testId="chart-flows"
        table={<DataTable id="flows-chart" caption="Flows" columns={columns} rows={report.rows} rowKey={(r) => `${r.source}>${r.target}`} />}
      />
      <h2>Every flow</h2>
      <DataTable id="flows" caption="Every flow" columns={columns} rows={report.rows} rowKey={(r) => `${r.source}>${r.target}`} />
    </>
  );
}

/** The records behind a flow: its package's records, or every package for a producer → recipient flow. */
function recordsOfFlow(row: { readonly source: string; readonly target: string }): string {
  const pkg = [row.source, row.target].find((node) => node.startsWith('package:'));
  return pkg ? `/packages/${encodeURIComponent(pkg.slice('package:'.length))}#package-records` : '/pipeline?view=table';
}

function shortName(name: string): string {
  return name.length > 34 ? `${name.slice(0, 32)}…` : name;
}

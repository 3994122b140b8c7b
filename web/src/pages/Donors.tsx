import { useMemo } from 'react';
import { getAll, getJson } from '../api';
import { Chart } from '../components/Chart';
import { ConfirmationBadge, useConfirmations } from '../components/Confirmation';
import { DataTable, type Column } from '../components/DataTable';
import { SourcedFigures, sourcedMoney } from '../components/Sourcing';
import { Status } from '../components/Status';
import { hundredthsOf, label, money, plotHundredths } from '../format';
import { linkProps } from '../router';
import { canRead, useSession } from '../session';
import type { ConfirmationSummary, DonorRow, Party, Report, SpendingRow } from '../types';
import { useApi } from '../useApi';

export function Donors({ donorId }: { readonly donorId?: string | undefined }) {
  const result = useApi(() => getJson<Report<DonorRow>>('/api/reports/donor'), 'donor-report');
  return (
    <section>
      <Status result={result}>{(report) => (donorId === undefined ? <DonorList report={report} /> : <DonorPage report={report} donorId={donorId} />)}</Status>
    </section>
  );
}

/** Where a package's records are listed, each with its badge. */
const packageRecords = (packageId: string) => `/packages/${encodeURIComponent(packageId)}#package-records`;

function DonorList({ report }: { readonly report: Report<DonorRow> }) {
  const c = report.currency;
  // Each figure opens the donor's page, where its contributions and the packages its money went to are listed with their badges.
  const amount = (key: 'promised' | 'committed' | 'paid' | 'paidToProducers' | 'accepted', header: string, name: string): Column<DonorRow> => ({
    key,
    header,
    value: (r) => r[key],
    render: (r) => sourcedMoney(r[key], r.sourcing?.[key], c, `/donors/${encodeURIComponent(r.donorId)}`, `${name}, ${r.name}`),
    align: 'right',
    numeric: true,
  });
  const columns: Column<DonorRow>[] = [
    { key: 'name', header: 'Donor', value: (r) => r.name, render: (r) => <a {...linkProps(`/donors/${encodeURIComponent(r.donorId)}`)}>{r.name}</a> },
    amount('promised', `Promised (${c})`, 'Promised'),
    amount('committed', 'Committed', 'Committed'),
    amount('paid', 'Paid', 'Paid'),
    amount('paidToProducers', 'Bought from producers', 'Bought from producers'),
    amount('accepted', 'Accepted by the recipient', 'Accepted by the recipient'),
  ];
  return (
    <>
      <h1>Donors</h1>
      <p className="lede">What each donor promised, paid, and — pro rata to its share of each package — what its money bought and what the recipient accepted.</p>
      <DataTable id="donors" caption="Donors" columns={columns} rows={report.rows} rowKey={(r) => r.donorId} />
    </>
  );
}

interface ContributionRow {
  readonly id: string;
  readonly confirmation?: ConfirmationSummary;
  readonly stage: string;
  readonly kind: string;
  readonly amount: string;
  readonly currency: string;
  readonly category: string;
  readonly packageId: string | null;
}

interface DonorExtras {
  readonly party: Party | undefined;
  readonly spending: readonly SpendingRow[];
  readonly contributions: readonly ContributionRow[] | undefined;
}

/** Sums decimal amounts exactly and returns whole units for plotting. */
function plotSum(amounts: readonly string[]): number {
  return plotHundredths(amounts.reduce((sum, amount) => sum + hundredthsOf(amount), 0n));
}

async function loadExtras(donorId: string, role: string, partyId: string | null | undefined): Promise<DonorExtras> {
  const [parties, spending] = await Promise.all([getAll<Party>('/api/parties'), getJson<Report<SpendingRow>>('/api/reports/spending')]);
  const party = parties.find((p) => p.id === donorId);
  const mayList = canRead(role, 'contributions') && (role !== 'donor' || partyId === donorId);
  const contributions = mayList ? await getAll<ContributionRow>(`/api/contributions?donor=${encodeURIComponent(donorId)}`) : undefined;
  return { party, spending: spending.rows.filter((row) => row.country === party?.country), contributions };
}

function DonorPage({ report, donorId }: { readonly report: Report<DonorRow>; readonly donorId: string }) {
  const { session } = useSession();
  const row = report.rows.find((r) => r.donorId === donorId);
  const extras = useApi(() => loadExtras(donorId, session.role, session.partyId), `donor:${donorId}:${session.role}`);
  const c = report.currency;
  const confirmations = useConfirmations('packages');
  // Pledges rest on the contributions listed below; money paid and what it bought on the packages it went to.
  const sourced = (figure: keyof NonNullable<DonorRow['sourcing']>, href: string) => ({ mix: row?.sourcing?.[figure], currency: c, href });
  if (!row) {
    return (
      <>
        <h1>{donorId}</h1>
        <p>
          No donor {donorId} in this ledger. <a {...linkProps('/donors')}>All donors</a>
        </p>
      </>
    );
  }
  const packageColumns: Column<DonorRow['packages'][number]>[] = [
    { key: 'packageId', header: 'Package', value: (r) => r.packageId, render: (r) => <a {...linkProps(`/packages/${encodeURIComponent(r.packageId)}`)}>{r.packageId}</a> },
    { key: 'funded', header: `Funded (${c})`, value: (r) => r.funded, render: (r) => sourcedMoney(r.funded, r.sourcing?.funded, c, packageRecords(r.packageId), `Funded, ${r.packageId}`), align: 'right', numeric: true },
    { key: 'share', header: 'Share of the package', value: (r) => r.sharePercent, render: (r) => `${r.sharePercent} %`, align: 'right', numeric: true },
    {
      key: 'paidToProducers',
      header: 'Bought from producers',
      value: (r) => r.paidToProducers,
      render: (r) => sourcedMoney(r.paidToProducers, r.sourcing?.paidToProducers, c, packageRecords(r.packageId), `Bought from producers, ${r.packageId}`),
      align: 'right',
      numeric: true,
    },
    { key: 'accepted', header: 'Accepted', value: (r) => r.accepted, render: (r) => sourcedMoney(r.accepted, r.sourcing?.accepted, c, packageRecords(r.packageId), `Accepted, ${r.packageId}`), align: 'right', numeric: true },
    {
      key: 'confirmation',
      header: 'Sourcing',
      value: (r) => confirmations.get(r.packageId)?.level ?? 'unverified',
      render: (r) => <ConfirmationBadge kind="package" id={r.packageId} confirmation={confirmations.get(r.packageId)} />,
    },
  ];
  return (
    <>
      <p className="crumbs">
        <a {...linkProps('/donors')}>Donors</a> ›
      </p>
      <h1 data-testid="donor-name">{row.name}</h1>
      <SourcedFigures
        testId="donor-figures"
        items={[
          { label: 'Promised', value: money(row.promised, c), sourcing: sourced('promised', '#donor-contributions-list') },
          { label: 'Committed', value: money(row.committed, c), sourcing: sourced('committed', '#donor-contributions-list') },
          { label: 'Paid', value: money(row.paid, c), sourcing: sourced('paid', '#donor-packages-list') },
          { label: 'In kind delivered', value: money(row.deliveredInKind, c), sourcing: sourced('deliveredInKind', '#donor-contributions-list') },
          { label: 'Bought from producers', value: money(row.paidToProducers, c), sourcing: sourced('paidToProducers', '#donor-packages-list') },
          { label: 'Accepted by the recipient', value: money(row.accepted, c), sourcing: sourced('accepted', '#donor-packages-list') },
        ]}
      />
      <h2 id="donor-packages-list">What its money bought</h2>
      <DataTable id="donor-packages" caption="Packages it funded" columns={packageColumns} rows={row.packages} rowKey={(r) => r.packageId} />
      <Status result={extras}>{(data) => <DonorExtrasView data={data} />}</Status>
    </>
  );
}

function DonorExtrasView({ data }: { readonly data: DonorExtras }) {
  const spendingConfirmations = useConfirmations('spending', (row) => `${String(row.country)}:${String(row.year)}`);
  const spendingOption = useMemo(() => {
    const years = data.spending.map((r) => String(r.year));
    const target = (value: number, name: string, color: string) => ({ yAxis: value, name, lineStyle: { color, type: 'dashed' }, label: { formatter: name, position: 'insideEndTop' } });
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v} % of GDP` },
      grid: { left: 8, right: 16, bottom: 8, top: 24, containLabel: true },
      xAxis: { type: 'category', data: years },
      yAxis: { type: 'value', min: 0, max: (extent: { max: number }) => Math.max(5.5, Math.ceil(extent.max + 0.5)), axisLabel: { formatter: '{value} %' } },
      series: [
        {
          type: 'line',
          name: 'Defence spending',
          symbolSize: 8,
          // Percentages of GDP, from the server's exact decimal strings.
          data: data.spending.map((r) => Number(r.sharePercent)),
          markLine: { symbol: 'none', silent: true, data: [target(2, '2 %', '#888'), target(3.5, '3.5 %', '#f0a202'), target(5, '5 %', '#c62828')] },
        },
      ],
    };
  }, [data]);
  const spendingColumns: Column<SpendingRow>[] = [
    { key: 'year', header: 'Year', value: (r) => r.year, numeric: true },
    { key: 'spending', header: 'Defence spending', value: (r) => r.spending ?? null, render: (r) => (r.spending != null && r.currency !== null ? money(r.spending, r.currency) : '—'), align: 'right', numeric: true },
    { key: 'gdp', header: 'GDP', value: (r) => r.gdp ?? null, render: (r) => (r.gdp != null && r.currency !== null ? money(r.gdp, r.currency) : '—'), align: 'right', numeric: true },
    { key: 'share', header: 'Share of GDP', value: (r) => r.sharePercent, render: (r) => `${r.sharePercent} %${r.reported ? ' (reported' + (r.estimate ? ', estimate)' : ')') : ''}`, align: 'right', numeric: true },
    { key: 'source', header: 'Source', value: (r) => r.source },
    {
      key: 'confirmation',
      header: 'Sourcing',
      value: (r) => spendingConfirmations.get(`${r.country}:${r.year}`)?.level ?? 'unverified',
      render: (r) => <ConfirmationBadge kind="spending" id={`${r.country}:${r.year}`} confirmation={spendingConfirmations.get(`${r.country}:${r.year}`)} />,
    },
  ];
  const stageOption = useMemo(() => {
    if (!data.contributions) return undefined;
    const stages = ['announced', 'committed', 'disbursed', 'delivered', 'withdrawn'];
    const currencies = [...new Set(data.contributions.map((c) => c.currency))].sort();
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: 'category', data: stages.map(label) },
      yAxis: { type: 'value' },
      // One series per currency: amounts in different currencies are not added up.
      series: currencies.map((currency) => ({
        type: 'bar',
        name: currency,
        data: stages.map((stage) => plotSum((data.contributions ?? []).filter((c) => c.stage === stage && c.currency === currency).map((c) => c.amount))),
      })),
    };
  }, [data]);
  const contributionColumns: Column<ContributionRow>[] = [
    { key: 'id', header: 'Contribution', value: (r) => r.id },
    { key: 'kind', header: 'Kind', value: (r) => label(r.kind) },
    { key: 'stage', header: 'Stage', value: (r) => r.stage, render: (r) => <span className="pill">{label(r.stage)}</span> },
    { key: 'category', header: 'Category', value: (r) => label(r.category) },
    { key: 'packageId', header: 'Package', value: (r) => r.packageId },
    { key: 'amount', header: 'Amount', value: (r) => r.amount, render: (r) => money(r.amount, r.currency), align: 'right', numeric: true },
    {
      key: 'confirmation',
      header: 'Sourcing',
      value: (r) => r.confirmation?.level ?? 'unverified',
      render: (r) => <ConfirmationBadge kind="contribution" id={r.id} confirmation={r.confirmation} />,
    },
  ];
  return (
    <>
      {data.contributions && stageOption ? (
        <>
          <h2 id="donor-contributions-list">Contributions by stage</h2>
          <Chart title="Contributions by stage" option={stageOption} height={240} testId="chart-donor-stages" table={<DataTable id="donor-contributions-chart" caption="Contributions" columns={contributionColumns} rows={data.contributions} rowKey={(r) => r.id} />} />
          <DataTable id="donor-contributions" caption="Contributions" columns={contributionColumns} rows={data.contributions} rowKey={(r) => r.id} />
        </>
      ) : (
        <p className="muted" id="donor-contributions-list">
          The list of this donor's contributions is for signed-in readers with a part in them; its totals are above, each with how well the records behind it are sourced.
        </p>
      )}
      <h2>Defence spending against the targets</h2>
      {data.spending.length === 0 ? (
        <p className="muted">No defence spending recorded for {data.party?.country ?? 'this donor'}.</p>
      ) : (
        <Chart
          title={`Defence spending of ${data.party?.name ?? ''} as a share of GDP, against the 2 %, 3.5 % and 5 % targets`}
          option={spendingOption}
          height={280}
          testId="chart-donor-spending"
          table={<DataTable id="donor-spending" caption="Defence spending" columns={spendingColumns} rows={data.spending} rowKey={(r) => String(r.year)} />}
        />
      )}
    </>
  );
}

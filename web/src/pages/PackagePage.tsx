import { getJson } from '../api';
import { ConfirmationBadge } from '../components/Confirmation';
import { DataTable, type Column } from '../components/DataTable';
import { PackageRecords } from '../components/PackageRecords';
import { SourcedFigures } from '../components/Sourcing';
import { Status } from '../components/Status';
import { label, money } from '../format';
import { linkProps } from '../router';
import { canRead, useSession } from '../session';
import type { ConfirmationSummary, PipelineReport } from '../types';
import { useApi } from '../useApi';

interface PackageLine {
  readonly lineId: string;
  readonly item: string;
  readonly category: string;
  readonly quantity: number;
  readonly unitValue: string;
  readonly currency: string;
  readonly contractedQuantity: number;
  readonly sensitive: boolean;
  readonly requirementId: string | null;
}

interface PackageRecord {
  readonly id: string;
  readonly title: string;
  readonly recipientId: string;
  readonly coordinatorId: string;
  readonly currency: string;
  readonly value: string;
  readonly funded: string;
  readonly stage: string;
  readonly stageSince: string | null;
  readonly proposedAt: string;
  readonly lines: readonly PackageLine[];
  readonly confirmation?: ConfirmationSummary;
}

async function load(id: string) {
  const [pkg, pipeline] = await Promise.all([getJson<PackageRecord>(`/api/packages/${encodeURIComponent(id)}`), getJson<PipelineReport>('/api/reports/pipeline')]);
  return { pkg, row: pipeline.rows.find((r) => r.packageId === id), currency: pipeline.currency };
}

export function PackagePage({ packageId }: { readonly packageId: string }) {
  const { session } = useSession();
  const result = useApi(() => load(packageId), `package:${packageId}`);
  return (
    <section>
      <p className="crumbs">
        <a {...linkProps('/pipeline')}>Pipeline</a> ›
      </p>
      <Status result={result}>
        {({ pkg, row, currency }) => {
          const columns: Column<PackageLine>[] = [
            { key: 'lineId', header: 'Line', value: (r) => r.lineId },
            { key: 'item', header: 'Item', value: (r) => r.item, render: (r) => (r.sensitive ? <span title="sensitive: not shown to the public">🔒 {r.item}</span> : r.item) },
            { key: 'category', header: 'Category', value: (r) => label(r.category) },
            { key: 'quantity', header: 'Quantity', value: (r) => r.quantity, align: 'right', numeric: true },
            { key: 'contracted', header: 'Contracted', value: (r) => r.contractedQuantity, align: 'right', numeric: true },
            { key: 'unitValue', header: `Unit value (${pkg.currency})`, value: (r) => r.unitValue, render: (r) => money(r.unitValue, r.currency), align: 'right', numeric: true },
            { key: 'requirement', header: 'Answers', value: (r) => r.requirementId },
          ];
          return (
            <>
              <h1 data-testid="package-title">{pkg.title}</h1>
              <p className="lede">
                <span className={`pill stage-${pkg.stage}`}>{label(pkg.stage)}</span> {pkg.id} · for {pkg.recipientId} · coordinated by {pkg.coordinatorId} · proposed {pkg.proposedAt}
                {pkg.stageSince ? ` · ${label(pkg.stage)} since ${pkg.stageSince}` : ''}
              </p>
              <p>
                Sourcing: <ConfirmationBadge kind="package" id={pkg.id} confirmation={pkg.confirmation} />
              </p>
              <SourcedFigures
                testId="package-figures"
                items={[
                  { label: `Value (${pkg.currency})`, value: money(pkg.value, pkg.currency) },
                  { label: `Funded (${pkg.currency})`, value: money(pkg.funded, pkg.currency) },
                  ...(row
                    ? [
                        { label: `Paid in (${currency})`, value: money(row.paid, currency), sourcing: { mix: row.sourcing?.paid, currency, href: '#package-records' } },
                        { label: 'Contracted', value: money(row.contracted, currency), sourcing: { mix: row.sourcing?.contracted, currency, href: '#package-records' } },
                        { label: 'Delivered', value: money(row.shipped, currency), sourcing: { mix: row.sourcing?.shipped, currency, href: '#package-records' } },
                        { label: 'Accepted', value: money(row.accepted, currency), sourcing: { mix: row.sourcing?.accepted, currency, href: '#package-records' } },
                        {
                          label: 'Funding gap',
                          value: money(row.fundingGap, currency),
                          tone: row.fundingGap === '0.00' ? ('good' as const) : ('warn' as const),
                          sourcing: { mix: row.sourcing?.fundingGap, currency, href: '#package-records' },
                        },
                      ]
                    : []),
                ]}
              />
              <h2>Line items</h2>
              <DataTable id="package-lines" caption="Line items" columns={columns} rows={pkg.lines} rowKey={(r) => r.lineId} />
              <PackageRecords packageId={pkg.id} role={session.role} />
              {canRead(session.role, 'history') ? (
                <p>
                  <a {...linkProps(`/audit?record=${encodeURIComponent(pkg.id)}`)}>Full history of {pkg.id} in the log</a>
                </p>
              ) : null}
            </>
          );
        }}
      </Status>
    </section>
  );
}

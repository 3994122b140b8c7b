import { getAll } from '../api';
import { label, money } from '../format';
import type { ConfirmationSummary } from '../types';
import { useApi } from '../useApi';
import { ConfirmationBadge } from './Confirmation';
import { DataTable, type Column } from './DataTable';
import { Status } from './Status';

/**
 * The records a package's figures rest on, each with its badge linking to its evidence: its
 * contributions (pledged, committed), the transfers in and out of its account (paid in), its
 * contracts (contracted), shipments (delivered) and receipts (accepted). Only the lists the
 * reader may read are asked for; the public reads the package record alone.
 */

interface RecordRow {
  readonly kind: string;
  readonly id: string;
  readonly stands: string;
  readonly detail: string;
  readonly amount: string | null;
  readonly currency: string | null;
  readonly confirmation: ConfirmationSummary | undefined;
}

type Listed = Readonly<Record<string, unknown>> & { readonly confirmation?: ConfirmationSummary };

/** A list the reader may not read (401/403) is simply not shown. */
async function list(path: string): Promise<readonly Listed[]> {
  try {
    return await getAll<Listed>(path);
  } catch {
    return [];
  }
}

/** Which of the package's figures a transfer of its account counts in. */
function transferRole(from: string, to: string): string {
  if (from.startsWith('donor:') || to.startsWith('donor:')) return 'paid in';
  if (from.startsWith('contract:') || to.startsWith('contract:')) return 'bought from producers';
  return 'currency conversion';
}

async function loadRecords(packageId: string): Promise<readonly RecordRow[]> {
  const account = `package:${packageId}`;
  const [contributions, transfers, contracts, shipments, receipts] = await Promise.all([
    list('/api/contributions'),
    list('/api/transfers'),
    list('/api/contracts'),
    list('/api/shipments'),
    list('/api/receipts'),
  ]);
  const contractIds = new Set(contracts.filter((c) => c.packageId === packageId).map((c) => String(c.id)));
  const row = (kind: string, id: string, stands: string, detail: string, amount: unknown, currency: unknown, confirmation: ConfirmationSummary | undefined): RecordRow => ({
    kind,
    id,
    stands,
    detail,
    amount: typeof amount === 'string' ? amount : null,
    currency: typeof currency === 'string' ? currency : null,
    confirmation,
  });
  return [
    ...contributions.filter((c) => c.packageId === packageId && c.stage !== 'withdrawn').map((c) => row('contribution', String(c.id), 'pledged, committed', `${String(c.donorId)} · ${label(String(c.stage))}`, c.amount, c.currency, c.confirmation)),
    ...transfers
      .filter((t) => t.toAccount === account || t.fromAccount === account)
      .map((t) => row('transfer', String(t.transferId), transferRole(String(t.fromAccount), String(t.toAccount)), `${String(t.fromAccount)} → ${String(t.toAccount)} · ${String(t.valueDate)}`, t.amount, t.currency, t.confirmation)),
    ...contracts.filter((c) => c.packageId === packageId).map((c) => row('contract', String(c.id), 'contracted', `${String(c.producerId)} · signed ${String(c.signedOn)}`, c.value, c.currency, c.confirmation)),
    ...shipments.filter((s) => s.packageId === packageId && s.withheld !== true).map((s) => row('shipment', String(s.id), 'delivered', `${String(s.contractId)} · ${label(String(s.stage))}`, null, null, s.confirmation)),
    ...receipts.filter((r) => contractIds.has(String(r.contractId))).map((r) => row('receipt', String(r.id), 'accepted', `${String(r.contractId)} · received ${String(r.receivedAt)}`, null, null, r.confirmation)),
  ];
}

const columns: Column<RecordRow>[] = [
  { key: 'kind', header: 'Record', value: (r) => `${r.kind} ${r.id}`, render: (r) => `${label(r.kind)} ${r.id}` },
  { key: 'stands', header: 'Behind', value: (r) => r.stands },
  { key: 'detail', header: 'Detail', value: (r) => r.detail },
  { key: 'amount', header: 'Amount', value: (r) => r.amount, render: (r) => (r.amount === null || r.currency === null ? '—' : money(r.amount, r.currency)), align: 'right', numeric: true },
  { key: 'confirmation', header: 'Sourcing', value: (r) => r.confirmation?.level ?? 'unverified', render: (r) => <ConfirmationBadge kind={r.kind} id={r.id} confirmation={r.confirmation} /> },
];

export function PackageRecords({ packageId, role }: { readonly packageId: string; readonly role: string }) {
  const result = useApi(() => (role === 'public' ? Promise.resolve([]) : loadRecords(packageId)), `package-records:${packageId}:${role}`);
  return (
    <section id="package-records" aria-labelledby="package-records-title">
      <h2 id="package-records-title">Records behind these figures</h2>
      <Status result={result}>
        {(rows) =>
          rows.length === 0 ? (
            <p className="muted" data-testid="package-records-none">
              The contributions, transfers, contracts, shipments and receipts behind this package's figures are listed for signed-in readers with a part in them. The figures above
              show how much of each rests on confirmed, on-record, reported and unverified records.
            </p>
          ) : (
            <DataTable id="package-records" caption="Records behind the figures" columns={columns} rows={rows} rowKey={(r) => `${r.kind}:${r.id}`} />
          )
        }
      </Status>
    </section>
  );
}

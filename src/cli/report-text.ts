import type { AnyReport } from '../application/reports/index.js';
import type { DonorReport } from '../application/reports/donor.js';
import type { ExceptionsReport } from '../application/reports/exceptions.js';
import type { FlowLink, FlowsReport } from '../application/reports/flows.js';
import type { OverviewReport } from '../application/reports/overview.js';
import type { PipelineReport } from '../application/reports/pipeline.js';
import { ageBuckets, type ReconciliationAmounts, type ReconciliationReport, type ReconciliationRow } from '../application/reports/reconciliation.js';
import type { RequirementsReport } from '../application/reports/requirements.js';
import type { SpendingReport } from '../application/reports/spending.js';
import { unreachable } from '../domain/errors.js';
import { table, wholeUnits } from './render.js';

/** Each report as people read it in a terminal. */
export function reportText(report: AnyReport): string {
  switch (report.report) {
    case 'pipeline':
      return pipelineText(report);
    case 'donor':
      return donorText(report);
    case 'requirements':
      return requirementsText(report);
    case 'exceptions':
      return exceptionsText(report);
    case 'spending':
      return spendingText(report);
    case 'overview':
      return overviewText(report);
    case 'flows':
      return flowsText(report);
    case 'reconciliation':
      return reconciliationText(report);
    default:
      return unreachable(report);
  }
}

function heading(title: string, currency: string | undefined, asOf: string | undefined): string {
  const parts = [currency ? `amounts in ${currency}, whole units (--json for exact amounts)` : '', asOf ? `as of ${asOf}` : ''].filter(Boolean);
  return `${title}${parts.length ? `  (${parts.join('; ')})` : ''}\n`;
}

function pipelineText(report: PipelineReport): string {
  const c = report.currency;
  const money = (pick: (row: PipelineReport['totals']) => bigint) => ({ value: (row: PipelineReport['totals']) => wholeUnits(pick(row), c), align: 'right' as const });
  const t = report.totals;
  return (
    heading('Pipeline by package', c, report.asOf) +
    table(
      report.rows,
      [
        { header: 'package', value: (r) => r.packageId },
        { header: 'stage', value: (r) => r.stage },
        { header: 'days', value: (r) => String(r.daysInStage), align: 'right' },
        { header: 'value', ...money((r) => r.valueMinor) },
        { header: 'pledged', ...money((r) => r.pledgedMinor) },
        { header: 'committed', ...money((r) => r.committedMinor) },
        { header: 'paid', ...money((r) => r.paidMinor) },
        { header: 'contracted', ...money((r) => r.contractedMinor) },
        { header: 'shipped', ...money((r) => r.shippedMinor) },
        { header: 'accepted', ...money((r) => r.acceptedMinor) },
        { header: 'funding gap', ...money((r) => r.fundingGapMinor) },
      ],
      ['total', '', '', ...[t.valueMinor, t.pledgedMinor, t.committedMinor, t.paidMinor, t.contractedMinor, t.shippedMinor, t.acceptedMinor, t.fundingGapMinor].map((v) => wholeUnits(v, c))],
    )
  );
}

function donorText(report: DonorReport): string {
  const c = report.currency;
  const money = (pick: (row: DonorReport['rows'][number]) => bigint) => ({ value: (row: DonorReport['rows'][number]) => wholeUnits(pick(row), c), align: 'right' as const });
  return (
    heading('Donors: promised, paid, and what the money bought', c, report.asOf) +
    table(report.rows, [
      { header: 'donor', value: (r) => r.donorId },
      { header: 'promised', ...money((r) => r.promisedMinor) },
      { header: 'committed', ...money((r) => r.committedMinor) },
      { header: 'paid', ...money((r) => r.paidMinor) },
      { header: 'in kind delivered', ...money((r) => r.deliveredInKindMinor) },
      { header: 'paid to producers', ...money((r) => r.paidToProducersMinor) },
      { header: 'accepted goods', ...money((r) => r.acceptedMinor) },
      { header: 'packages (share)', value: (r) => r.packages.map((p) => `${p.packageId} ${p.sharePercent}%`).join(', ') },
    ]) +
    '\nPaid to producers and accepted goods are pro rata: a donor is credited with its share of each package it funded.'
  );
}

function requirementsText(report: RequirementsReport): string {
  return (
    heading('Requirements coverage', undefined, report.asOf) +
    table(report.rows, [
      { header: 'prio', value: (r) => String(r.priority), align: 'right' },
      { header: 'requirement', value: (r) => r.requirementId },
      { header: 'category', value: (r) => r.category },
      { header: 'needed by', value: (r) => r.neededBy },
      { header: 'required', value: (r) => `${r.required} ${r.unit}`, align: 'right' },
      { header: 'accepted', value: (r) => String(r.accepted), align: 'right' },
      { header: 'in pipeline', value: (r) => String(r.inPipeline), align: 'right' },
      { header: 'unfunded', value: (r) => String(r.unfunded), align: 'right' },
      { header: 'status', value: (r) => r.status.replace('_', ' ') },
    ])
  );
}

function exceptionsText(report: ExceptionsReport): string {
  const counts = Object.entries(report.counts)
    .map(([kind, count]) => `${kind.replace('_', ' ')}: ${count}`)
    .join(', ');
  if (report.rows.length === 0) return `${heading('Exceptions', undefined, report.asOf)}none`;
  return (
    heading('Exceptions', undefined, report.asOf) +
    table(report.rows, [
      { header: 'kind', value: (r) => r.kind },
      { header: 'subject', value: (r) => r.subject },
      { header: 'since', value: (r) => r.since },
      { header: 'detail', value: (r) => r.detail },
    ]) +
    `\n${counts}`
  );
}

function spendingText(report: SpendingReport): string {
  const mark = (yes: boolean) => (yes ? 'yes' : '—');
  const amount = (minor: bigint | null, currency: string | null) => (minor === null || currency === null ? '—' : `${wholeUnits(minor, currency)} ${currency}`);
  const estimate = (r: SpendingReport['rows'][number]) => (r.estimate ? ' e' : '');
  const hasReported = report.rows.some((r) => r.reportedSharePercent !== null);
  return (
    heading('Defence spending as a share of GDP (targets: 2% guideline; 3.5% core + 1.5% related = 5%)', undefined, undefined) +
    table(report.rows, [
      { header: 'country', value: (r) => r.country },
      { header: 'year', value: (r) => String(r.year) },
      { header: 'spending', value: (r) => amount(r.spendingMinor, r.currency), align: 'right' },
      { header: 'GDP', value: (r) => amount(r.gdpMinor, r.currency), align: 'right' },
      { header: 'share %', value: (r) => (r.reported ? `${r.sharePercent} reported${estimate(r)}` : r.sharePercent), align: 'right' },
      ...(hasReported ? [{ header: 'reported %', value: (r: SpendingReport['rows'][number]) => (r.reported || r.reportedSharePercent === null ? '' : `${r.reportedSharePercent}${estimate(r)}`), align: 'right' as const }] : []),
      { header: '≥2%', value: (r) => mark(r.meets2Percent) },
      { header: '≥3.5%', value: (r) => mark(r.meets3_5Percent) },
      { header: '≥5%', value: (r) => mark(r.meets5Percent) },
    ]) +
    (hasReported ? '\nA reported share is the publisher\'s figure where the amounts are not recorded; "e" marks its estimates.' : '')
  );
}

function overviewText(report: OverviewReport): string {
  const c = report.currency;
  const t = report.totals;
  const amount = <T>(pick: (row: T) => bigint) => ({ value: (row: T) => wholeUnits(pick(row), c), align: 'right' as const });
  const stages = Object.entries(t.packagesByStage)
    .filter(([, count]) => count > 0)
    .map(([stage, count]) => `${count} ${stage}`)
    .join(', ');
  type Category = OverviewReport['byCategory'][number];
  type Month = OverviewReport['rows'][number];
  const sum = <T>(rows: readonly T[], pick: (row: T) => bigint) => wholeUnits(rows.reduce((total, row) => total + pick(row), 0n), c);
  return (
    heading('Overview', c, report.asOf) +
    table(
      [t],
      [
        { header: 'value', ...amount<typeof t>((r) => r.valueMinor) },
        { header: 'pledged', ...amount<typeof t>((r) => r.pledgedMinor) },
        { header: 'committed', ...amount<typeof t>((r) => r.committedMinor) },
        { header: 'paid', ...amount<typeof t>((r) => r.paidMinor) },
        { header: 'contracted', ...amount<typeof t>((r) => r.contractedMinor) },
        { header: 'shipped', ...amount<typeof t>((r) => r.shippedMinor) },
        { header: 'accepted', ...amount<typeof t>((r) => r.acceptedMinor) },
        { header: 'funding gap', ...amount<typeof t>((r) => r.fundingGapMinor) },
      ],
    ) +
    `\n${t.packages} packages${stages ? ` (${stages})` : ''}; ${t.exceptions} exceptions\n\nBy category\n` +
    table(
      report.byCategory,
      [
        { header: 'category', value: (r: Category) => r.category },
        { header: 'value', ...amount<Category>((r) => r.valueMinor) },
        { header: 'contracted', ...amount<Category>((r) => r.contractedMinor) },
        { header: 'shipped', ...amount<Category>((r) => r.shippedMinor) },
        { header: 'accepted', ...amount<Category>((r) => r.acceptedMinor) },
      ],
      [
        'total',
        ...[(r: Category) => r.valueMinor, (r: Category) => r.contractedMinor, (r: Category) => r.shippedMinor, (r: Category) => r.acceptedMinor].map((pick) =>
          sum(report.byCategory, pick),
        ),
      ],
    ) +
    '\n\nBy month (in the month, not cumulative)\n' +
    table(
      report.rows,
      [
        { header: 'month', value: (r: Month) => r.month },
        { header: 'pledged', ...amount<Month>((r) => r.pledgedMinor) },
        { header: 'paid', ...amount<Month>((r) => r.paidMinor) },
        { header: 'contracted', ...amount<Month>((r) => r.contractedMinor) },
        { header: 'accepted', ...amount<Month>((r) => r.acceptedMinor) },
      ],
      [
        'total',
        ...[(r: Month) => r.pledgedMinor, (r: Month) => r.paidMinor, (r: Month) => r.contractedMinor, (r: Month) => r.acceptedMinor].map((pick) => sum(report.rows, pick)),
      ],
    )
  );
}

function flowsText(report: FlowsReport): string {
  const c = report.currency;
  const stages = [
    { title: 'Donor → package', from: 'donor:', total: report.totals.donorToPackage },
    { title: 'Package → producer', from: 'package:', total: report.totals.packageToProducer },
    { title: 'Producer → recipient', from: 'producer:', total: report.totals.producerToRecipient },
  ];
  const sections = stages.map(
    (stage) =>
      `${stage.title}\n` +
      table(
        report.rows.filter((link) => link.source.startsWith(stage.from)),
        [
          { header: 'from', value: (r: FlowLink) => r.source },
          { header: 'to', value: (r: FlowLink) => r.target },
          { header: 'paid', value: (r: FlowLink) => wholeUnits(r.paidMinor, c), align: 'right' },
          { header: 'accepted goods', value: (r: FlowLink) => wholeUnits(r.deliveredMinor, c), align: 'right' },
        ],
        ['total', '', wholeUnits(stage.total.paidMinor, c), wholeUnits(stage.total.deliveredMinor, c)],
      ),
  );
  return (
    heading('Flows: donor → package → producer → recipient', c, report.asOf) +
    sections.join('\n\n') +
    '\n\nA donor is credited with its share of the accepted goods of each package it funded, pro rata to its funding.'
  );
}

function reconciliationText(report: ReconciliationReport): string {
  const c = report.currency;
  const t = report.totals;
  const amount = (pick: (row: ReconciliationAmounts) => bigint) => ({ value: (row: ReconciliationAmounts) => wholeUnits(pick(row), c), align: 'right' as const });
  const percentOf = (row: ReconciliationAmounts) => (row.tracedPercent === null ? '—' : `${row.tracedPercent}%`);
  const stages = (first: string) =>
    [
      { header: first, value: (r: ReconciliationAmounts) => (r as ReconciliationRow).id },
      { header: 'pledged', ...amount((r) => r.pledgedMinor) },
      { header: 'committed', ...amount((r) => r.committedMinor) },
      { header: 'disbursed', ...amount((r) => r.disbursedMinor) },
      { header: 'contracted', ...amount((r) => r.contractedMinor) },
      { header: 'shipped', ...amount((r) => r.shippedMinor) },
      { header: 'accepted', ...amount((r) => r.acceptedMinor) },
      { header: 'traced', ...amount((r) => r.tracedMinor) },
      { header: 'traced %', value: percentOf, align: 'right' as const },
      { header: 'untraced', ...amount((r) => r.untracedMinor) },
    ] as const;
  const footer = (row: ReconciliationAmounts) => [
    'total',
    ...[row.pledgedMinor, row.committedMinor, row.disbursedMinor, row.contractedMinor, row.shippedMinor, row.acceptedMinor, row.tracedMinor].map((v) => wholeUnits(v, c)),
    percentOf(row),
    wholeUnits(row.untracedMinor, c),
  ];
  const bucketColumns = ageBuckets.map((bucket) => ({ header: bucket.label, ...amount((r) => r[bucket.key]) }));
  const untracedRows = report.rows.filter((row) => row.untracedMinor !== 0n);
  const gapLines = report.quantities.flatMap((gap) => gap.lines.map((line) => ({ packageId: gap.packageId, ...line })));
  const m = report.merges;
  const mergeText =
    m.merged === 0
      ? 'No record was reported by more than one source.'
      : `${m.merged} report(s) merged into ${m.records} record(s) instead of being counted twice` +
        (m.avoidedMinor === 0n ? '' : ` (money not counted twice: ${wholeUnits(m.avoidedMinor, c)})`) +
        `.\nBy dataset: ${m.byDataset.map((d) => `${d.dataset} ${d.merged}`).join('; ')}\nBy kind: ${m.byKind.map((k) => `${k.recordKind} ${k.merged}`).join('; ')}\n` +
        table(m.list, [
          { header: 'record', value: (r) => `${r.recordKind} ${r.recordId}` },
          { header: 'merged', value: (r) => String(r.merged), align: 'right' },
          { header: 'amount', value: (r) => (r.amountMinor === null ? '' : wholeUnits(r.amountMinor, c)), align: 'right' },
          { header: 'sources', value: (r) => r.sources.map((s) => `${s.dataset} (${s.file}, ${s.locator})`).join(' + ') },
        ]);
  return (
    heading('Reconciliation: pledged → committed → disbursed → contracted → shipped → accepted', c, report.asOf) +
    `Of ${wholeUnits(t.disbursedMinor, c)} disbursed, ${wholeUnits(t.tracedMinor, c)} (${percentOf(t)}) is traced to goods the recipient accepted; ${wholeUnits(t.untracedMinor, c)} is not yet.\n\n` +
    'By donor (contracted, shipped, accepted and traced are shares of each package, pro rata to the donor\'s money in it)\n' +
    table(report.rows.filter((row) => row.level === 'donor'), stages('donor')) +
    '\n\nBy package\n' +
    table(report.rows.filter((row) => row.level === 'package'), stages('package'), footer(t)) +
    '\n\nUntraced money by age (days since the value date; oldest money traced first)\n' +
    table(untracedRows, [{ header: 'donor/package', value: (r) => `${r.level} ${r.id}` }, ...bucketColumns], ['total', ...ageBuckets.map((bucket) => wholeUnits(t[bucket.key], c))]) +
    '\n\nRejected at receipt, and dispatched but not received\n' +
    table(gapLines, [
      { header: 'package', value: (r) => r.packageId },
      { header: 'contract line', value: (r) => `${r.contractId}/${r.lineId}` },
      { header: 'item', value: (r) => r.item },
      { header: 'shipped', value: (r) => String(r.shipped), align: 'right' },
      { header: 'accepted', value: (r) => String(r.accepted), align: 'right' },
      { header: 'rejected', value: (r) => String(r.rejected), align: 'right' },
      { header: 'not received', value: (r) => String(r.notReceived), align: 'right' },
      { header: 'rejected value', value: (r) => wholeUnits(r.rejectedValueMinor, c), align: 'right' },
      { header: 'not received value', value: (r) => wholeUnits(r.notReceivedValueMinor, c), align: 'right' },
      { header: 'reasons', value: (r) => r.reasons.join('; ') },
    ]) +
    '\n\nDouble counting avoided\n' +
    mergeText
  );
}

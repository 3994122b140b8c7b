import { describe, expect, it } from 'vitest';
import { divRound } from '../../domain/money.js';
import { reportDataFor } from '../../server/views.js';
import type { ReportData } from './data.js';
import { flowsReport, type FlowLink } from './flows.js';
import { FxTable } from './fx.js';
import { pipelineReport } from './pipeline.js';
import { sumBy } from './util.js';
import { demoAudiences, demoSnapshot, demoViewSettings as settings } from '../../../test/support/snapshot.js';

const snapshot = await demoSnapshot();
const cases = demoAudiences(snapshot);

describe.each(cases)('flows over the demo ledger (%s)', (_name, data, currency) => {
  const options = { currency, asOf: '2026-03-05' };
  const report = flowsReport(data, options);
  const pipeline = pipelineReport(data, options);
  const links = (from: string, to: string) => report.rows.filter((link) => link.source.startsWith(`${from}:`) && link.target.startsWith(`${to}:`));
  const donorPackage = links('donor', 'package');
  const packageProducer = links('package', 'producer');
  const producerRecipient = links('producer', 'recipient');
  const paid = (list: readonly FlowLink[]) => sumBy(list, (link) => link.paidMinor);
  const delivered = (list: readonly FlowLink[]) => sumBy(list, (link) => link.deliveredMinor);

  it('has only links of the three stages, none empty, between listed nodes', () => {
    expect(donorPackage.length + packageProducer.length + producerRecipient.length).toBe(report.rows.length);
    expect(donorPackage.length).toBeGreaterThan(0);
    expect(packageProducer.length).toBeGreaterThan(0);
    expect(producerRecipient.length).toBeGreaterThan(0);
    const nodes = new Map(report.nodes.map((node) => [node.id, node]));
    for (const link of report.rows) {
      expect(link.paidMinor !== 0n || link.deliveredMinor !== 0n).toBe(true);
      expect(nodes.has(link.source) && nodes.has(link.target), `${link.source} → ${link.target}`).toBe(true);
    }
    expect(new Set(report.rows.flatMap((link) => [link.source, link.target])).size).toBe(report.nodes.length);
    for (const node of report.nodes) {
      expect(node.id.startsWith(`${node.kind}:`)).toBe(true);
      expect(node.name.length).toBeGreaterThan(0);
    }
    expect(nodes.get('package:PURL-NLD-1')?.name).toBe(data.packages.find((pkg) => pkg.id === 'PURL-NLD-1')?.title);
    expect(nodes.get('donor:NLD')?.name).toBe('Netherlands');
  });

  it("donor → package paid adds up to the pipeline's paid total", () => {
    expect(paid(donorPackage)).toBe(pipeline.totals.paidMinor);
    for (const row of pipeline.rows) expect(paid(donorPackage.filter((link) => link.target === `package:${row.packageId}`))).toBe(row.paidMinor);
  });

  it('package → producer paid is the payments to contracts less refunds, at their value dates', () => {
    const fx = new FxTable(data.fxRates);
    const expected = sumBy(data.transferTotals, (t) => {
      const amount = fx.convert(t.amountMinor, t.currency, currency, t.valueDate);
      if (t.fromAccount.startsWith('package:') && t.toAccount.startsWith('contract:')) return amount;
      if (t.fromAccount.startsWith('contract:') && t.toAccount.startsWith('package:')) return -amount;
      return 0n;
    });
    expect(expected).toBeGreaterThan(0n);
    expect(paid(packageProducer)).toBe(expected);
  });

  it("delivered out of each package is the pipeline's accepted value; in from its donors, their rounded shares of it", () => {
    for (const row of pipeline.rows) {
      const node = `package:${row.packageId}`;
      const into = donorPackage.filter((link) => link.target === node);
      const out = delivered(packageProducer.filter((link) => link.source === node));
      expect(out).toBe(row.acceptedMinor);
      const funded = paid(into);
      if (funded <= 0n) {
        expect(delivered(into)).toBe(0n);
        continue;
      }
      // Each donor's share is rounded half to even on its own, so in and out may differ by
      // at most half a minor unit per donor.
      expect(delivered(into)).toBe(sumBy(into, (link) => divRound(out * link.paidMinor, funded)));
      const gap = delivered(into) - out;
      expect(2n * (gap < 0n ? -gap : gap) <= BigInt(into.length)).toBe(true);
      if (into.length === 1) expect(delivered(into)).toBe(out);
    }
  });

  it('producer → recipient carries exactly what reaches each producer from packages', () => {
    const producers = new Set(packageProducer.map((link) => link.target));
    for (const producer of producers) {
      const inbound = packageProducer.filter((link) => link.target === producer);
      const outbound = producerRecipient.filter((link) => link.source === producer);
      expect(paid(outbound)).toBe(paid(inbound));
      expect(delivered(outbound)).toBe(delivered(inbound));
    }
    expect(delivered(producerRecipient)).toBe(pipeline.totals.acceptedMinor);
  });

  it('totals are the sums of each stage', () => {
    expect(report.totals).toEqual({
      donorToPackage: { paidMinor: paid(donorPackage), deliveredMinor: delivered(donorPackage) },
      packageToProducer: { paidMinor: paid(packageProducer), deliveredMinor: delivered(packageProducer) },
      producerToRecipient: { paidMinor: paid(producerRecipient), deliveredMinor: delivered(producerRecipient) },
    });
  });
});

describe('flows for the public', () => {
  it("credit no goods that are not public yet: the Canadian package's delivered figures are zero", () => {
    const options = { currency: 'EUR', asOf: '2026-03-05' };
    const pub = flowsReport(reportDataFor('public', snapshot, settings), options);
    const full = flowsReport(snapshot, options);
    const touching = (report: typeof pub) => report.rows.filter((link) => link.source === 'package:PURL-CAN-1' || link.target === 'package:PURL-CAN-1');
    expect(sumBy(touching(full), (link) => link.deliveredMinor)).toBeGreaterThan(0n);
    expect(touching(pub).length).toBeGreaterThan(0);
    for (const link of touching(pub)) expect(link.deliveredMinor).toBe(0n);
    expect(pub.totals.donorToPackage.paidMinor).toBe(full.totals.donorToPackage.paidMinor);
  });
});

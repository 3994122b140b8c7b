import { describe, expect, it } from 'vitest';
import { reports } from '../application/reports/index.js';
import { demoSnapshot } from '../../test/support/snapshot.js';
import { reportDataFor, withheldItem } from './views.js';

describe('reportDataFor', () => {
  it('recomputes shipped, accepted and rejected quantities from the shipments it keeps: keeping all gives the projection', async () => {
    const snapshot = await demoSnapshot();
    // Ukraine receives every demo shipment, so its audience keeps them all.
    const data = reportDataFor('recipient:UKR', snapshot, { today: '2026-03-05', publicDelayDays: 14 });
    expect(data.contractLines).toEqual(snapshot.contractLines);
    expect(data.shipments).toEqual(snapshot.shipments);
  });

  it('for the public, drops goods not yet public from the totals and names no sensitive item', async () => {
    const snapshot = await demoSnapshot();
    const settings = { today: '2026-03-05', publicDelayDays: 14 };
    const data = reportDataFor('public', snapshot, settings);
    const shipped = (lines: typeof snapshot.contractLines) => lines.reduce((sum, line) => sum + line.shippedQuantity, 0);
    expect(shipped(data.contractLines)).toBeLessThan(shipped(snapshot.contractLines));
    const sensitive = snapshot.packageLines.filter((line) => line.sensitive).map((line) => line.item);
    expect(sensitive.length).toBeGreaterThan(0);
    for (const line of [...data.packageLines, ...data.contractLines]) expect(sensitive).not.toContain(line.item);
    expect(data.packageLines.some((line) => line.item === withheldItem)).toBe(true);
    // The same report functions run on the cut-down data.
    const pipeline = reports.pipeline(data, { currency: 'EUR', asOf: '2026-03-05' });
    const full = reports.pipeline(snapshot, { currency: 'EUR', asOf: '2026-03-05' });
    expect(pipeline.totals.shippedMinor).toBeLessThan(full.totals.shippedMinor);
    expect(pipeline.totals.paidMinor).toBe(full.totals.paidMinor);
  });
});

import type { Contribution, Party } from '../../domain/state.js';
import { rowsOf } from '../format.js';
import { convertMinor, convertMinorInverse, divRound, formatAmount, parseRatio } from '../../domain/money.js';
import { countryName } from '../countries.js';
import { csvLine } from '../csv/write.js';
import type { Exporter } from '../format.js';
import { decimalText, normalize, readDecimal, reciprocal } from '../decimal.js';
import { ftsColumns } from './flows.js';
import { pythonRepr, type LiteralDict, type LiteralValue } from '../literal.js';

/**
 * The ledger's contributions as FTS flows, in the column layout of the FTS API's CSV download
 * (the columns aidtrace has no value for stay empty). What the importer put into "FTS: …" lines
 * of a description (destination organisation, locations, flow type, parent flow) goes back to
 * its column, so an exported FTS import reads back to the same contributions. amountUSD is
 * filled when the contribution is in USD or the ledger has a rate for its day; withdrawn
 * contributions are left out (FTS has no such status).
 */

const statusOf: Readonly<Record<string, string>> = { announced: 'pledge', committed: 'commitment', disbursed: 'paid', delivered: 'paid' };
const ratePlaces = 12;

/** Splits an imported description into FTS's own text and the "FTS: …" lines the importer added. */
function splitDescription(description: string): { text: string; notes: Map<string, string> } {
  const lines = description.split('\n');
  const notes = new Map<string, string>();
  while (lines.length > 1) {
    const match = /^FTS: (to|in|flow type|part of flow) (.*)$/.exec(lines[lines.length - 1] as string);
    if (!match) break;
    notes.set(match[1] as string, match[2] as string);
    lines.pop();
  }
  return { text: lines.join('\n'), notes };
}

function sourceObjects(party: Party | undefined, donorId: string): LiteralValue[] {
  if (party?.kind === 'state' || (party === undefined && /^[A-Z]{3}$/.test(donorId))) {
    const country = countryName(party?.country ?? donorId) ?? party?.name ?? donorId;
    return [
      { type: 'Organization', id: null, name: `${country}, Government of`, organizationTypes: ['Governments'], organizationSubTypes: ['National Governments'] },
      { type: 'Location', id: null, name: country },
    ];
  }
  const ftsId = /^org:fts-(\d+)$/.exec(donorId)?.[1] ?? null;
  const organisation: LiteralDict = { type: 'Organization', id: ftsId, name: party?.name ?? donorId };
  const country = party?.country === null || party?.country === undefined ? undefined : countryName(party.country);
  return country === undefined ? [organisation] : [organisation, { type: 'Location', id: null, name: country }];
}

function destinationObjects(notes: ReadonlyMap<string, string>, recipientId: string | null): LiteralValue[] {
  const objects: LiteralValue[] = [];
  const to = notes.get('to');
  if (to !== undefined) for (const name of to.split('; ')) objects.push({ type: 'Organization', id: null, name });
  const locations = notes.get('in')?.split('; ') ?? (recipientId === null ? [] : [countryName(recipientId) ?? recipientId]);
  for (const name of locations) objects.push({ type: 'Location', id: null, name });
  return objects;
}

export const ftsExporter: Exporter = {
  describe: "contributions as OCHA FTS flows (the FTS API's CSV columns, lists in Python's repr)",
  mediaType: 'text/csv; charset=utf-8',
  async write(ledger, out) {
    const contributions = await rowsOf(ledger, 'contribution');
    const parties = new Map((await rowsOf(ledger, 'party')).map((party) => [party.id, party]));
    const rates = new Map<string, string>();
    for (const row of await rowsOf(ledger, 'fxRate')) {
      rates.set(`${row.date}:${row.base}:${row.quote}`, row.rate);
    }
    await out(csvLine(ftsColumns));
    for (const contribution of [...contributions].sort((a, b) => a.id.localeCompare(b.id))) {
      const status = statusOf[contribution.stage];
      if (status === undefined) continue;
      const { currency, amountMinor, announcedOn: date } = contribution;
      const { text, notes } = splitDescription(contribution.description);
      let amountUSD: bigint | undefined;
      let exchangeRate = '';
      if (currency === 'USD') amountUSD = amountMinor;
      else {
        const direct = rates.get(`${date}:${currency}:USD`);
        const inverse = rates.get(`${date}:USD:${currency}`);
        if (direct !== undefined) {
          amountUSD = convertMinor(amountMinor, currency, 'USD', parseRatio(direct));
          // FTS's exchangeRate is units of the original currency per US dollar: the reciprocal.
          const inverted = reciprocal(readDecimal(direct) ?? { units: 0n, scale: 0 }, ratePlaces);
          exchangeRate = inverted === undefined ? '' : decimalText(normalize(inverted));
        } else if (inverse !== undefined) {
          amountUSD = convertMinorInverse(amountMinor, currency, 'USD', parseRatio(inverse));
          exchangeRate = inverse;
        }
      }
      const flowType = notes.get('flow type')?.split(' ')[0] ?? 'Standard';
      const cells: Record<string, string> = {
        id: contribution.id.startsWith('fts:') ? contribution.id.slice('fts:'.length) : contribution.id,
        // FTS reports whole US dollars: cents are rounded half to even.
        amountUSD: amountUSD === undefined ? '' : divRound(amountUSD, 100n).toString(),
        contributionType: contribution.kind === 'money' ? 'financial' : 'in kind',
        date: `${date}T00:00:00Z`,
        description: text,
        exchangeRate,
        flowType,
        originalAmount: formatAmount(amountMinor, currency),
        originalCurrency: currency,
        parentFlowId: notes.get('part of flow') ?? '',
        status,
        sourceObjects: pythonRepr(sourceObjects(parties.get(contribution.donorId), contribution.donorId)),
        destinationObjects: pythonRepr(destinationObjects(notes, contribution.recipientId)),
      };
      await out(csvLine(ftsColumns.map((column) => cells[column] ?? '')));
    }
  },
};

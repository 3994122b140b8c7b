import type { CommandEnvelope } from '../../contract/commands.js';
import { parseCommand } from '../../contract/commands.js';
import { DomainError, assert } from '../../domain/errors.js';
import { limits } from '../../domain/limits.js';
import { formatAmount } from '../../domain/money.js';
import type { PartyKind } from '../../domain/state.js';
import { ensureParty } from '../parties.js';
import { alpha3, countryName } from '../countries.js';
import type { Provenance } from '../../domain/provenance.js';
import { fail, located, provenanceOf, type ImportRun, type Importer } from '../format.js';
import { decimalText, normalize, reciprocal, toMinor } from '../decimal.js';
import { readFlows, type Flow, type FlowObject } from './flows.js';

/**
 * OCHA Financial Tracking Service flows → contributions.
 *
 * Each flow becomes one contribution `fts:<flow id>` of its source organisation (a national
 * government whose source Location is a country is that state's party, e.g. "Germany,
 * Government of" → DEU; any other organisation is `org:fts-<FTS organisation id>`), to the
 * destination country when the flow names exactly one country (a state party with the role
 * recipient). Pledges are announced, commitments committed, paid flows disbursed (money) or
 * delivered (in kind), as reported, with the flow's provenance. The value is the amount as
 * reported (originalAmount in originalCurrency), else amountUSD; the exchange rate FTS used is
 * kept as a RecordFxRate original currency → USD for the flow's day.
 *
 * Parked flows and their children. FTS records money a donor parks with an organisation (a
 * pooled fund, an agency) as a Parked flow; as the organisation passes parts of it on, FTS
 * creates child flows (parentFlowId) and lowers the parked flow's amountUSD to what is still
 * parked (fullParkedAmountUSD keeps the total). So the levels do not overlap: a child carries
 * the part passed on, its parent only the rest. Every flow with a value is therefore recorded
 * at its own amount (a Parked flow's remainder with a note that it is not yet passed on); a
 * parked flow passed on in full (amount 0) is not a contribution of its own: its report is
 * cited on each of its children in the file (a merge), or skipped when none is in the file.
 * Counting a parked flow's total (fullParkedAmountUSD) as well as its children would count the
 * children twice.
 *
 * Versions. FTS revises a flow by raising its versionId; when a file holds several versions of
 * one flow the latest is recorded and the earlier ones are cited on it (a merge).
 *
 * The files are read twice: first to index the flows (id, version, parent, whether they carry a
 * value: a few numbers per flow, not the rows), then to emit commands.
 */

const dataset = 'OCHA Financial Tracking Service';
const publisher = 'UN OCHA FTS';
export const ftsCategory = 'humanitarian';
/** Decimals of the rate recorded from FTS's exchangeRate (its reciprocal rarely ends). */
const ratePlaces = 12;

/** Country names FTS spells otherwise than the ISO list. */
const ftsCountryNames: Readonly<Record<string, string>> = {
  'occupied palestinian territory': 'PSE',
  'venezuela, bolivarian republic of': 'VEN',
  'tanzania, united republic of': 'TZA',
  'iran, islamic republic of': 'IRN',
  'bolivia, plurinational state of': 'BOL',
  "korea, democratic people's republic of": 'PRK',
  'korea, republic of': 'KOR',
  'congo, the democratic republic of the': 'COD',
  'micronesia, federated states of': 'FSM',
  kosovo: 'XKX',
};

/** The alpha-3 code of an FTS Location name, or undefined for names that are not one country ("Global", "Region - …"). */
export function ftsCountry(name: string): string | undefined {
  const alias = ftsCountryNames[name.trim().toLowerCase()];
  if (alias !== undefined) return alias === 'XKX' ? undefined : alias;
  return alpha3(name);
}

interface PartyNeed {
  readonly id: string;
  readonly name: string;
  readonly kind: PartyKind;
  readonly country: string | undefined;
}

/** What a flow stands for, read the same way in both passes. */
interface Reading {
  readonly donor: PartyNeed | undefined;
  /** Set when the flow names several source organisations: it cannot be given one donor. */
  readonly donors: number;
  readonly recipient: PartyNeed | undefined;
  readonly value: { readonly currency: string; readonly minor: bigint };
  readonly destination: string | undefined;
  readonly locations: readonly string[];
}

function organisations(objects: readonly FlowObject[]): FlowObject[] {
  return objects.filter((object) => object.type === 'Organization');
}

function locationNames(objects: readonly FlowObject[]): string[] {
  return objects.filter((object) => object.type === 'Location').map((object) => object.name);
}

/**
 * The donor: a national government (organizationSubTypes "National Governments", or a name
 * "<country>, Government of") whose source Location names one country is that state; any
 * other source organisation is `org:fts-<its FTS id>`.
 */
function donorOf(flow: Flow, organisation: FlowObject): PartyNeed {
  const countries = [...new Set(locationNames(flow.sourceObjects).map(ftsCountry))];
  const country = countries.length === 1 ? countries[0] : undefined;
  const named = /^(.+), Government of$/.exec(organisation.name)?.[1];
  const national = organisation.organizationSubTypes.includes('National Governments') || named !== undefined;
  const state = national ? (country ?? (named === undefined ? undefined : ftsCountry(named))) : undefined;
  if (state !== undefined) return { id: state, name: countryName(state) ?? organisation.name, kind: 'state', country: state };
  if (organisation.id === undefined) flow.bad('sourceObjects', `organisation "${organisation.name}" has no id`);
  if (!/^\d{1,20}$/.test(organisation.id)) flow.bad('sourceObjects', `organisation id "${organisation.id}" is not an FTS organisation id`);
  return { id: `org:fts-${organisation.id}`, name: organisation.name, kind: 'organisation', country };
}

function read(flow: Flow): Reading {
  const sources = organisations(flow.sourceObjects);
  if (sources.length === 0) flow.bad('sourceObjects', 'no Organization: a flow needs the organisation it comes from');
  const donor = sources.length === 1 ? donorOf(flow, sources[0] as FlowObject) : undefined;
  const locations = locationNames(flow.destinationObjects);
  const code = locations.length === 1 ? ftsCountry(locations[0] as string) : undefined;
  const recipient = code === undefined ? undefined : { id: code, name: countryName(code) ?? (locations[0] as string), kind: 'state' as const, country: code };
  const destinations = organisations(flow.destinationObjects).map((object) => object.name);
  return { donor, donors: sources.length, recipient, value: valueOf(flow), destination: destinations.length === 0 ? undefined : destinations.join('; '), locations };
}

/** The value as reported: originalAmount in originalCurrency, else amountUSD; 0 when both are 0. */
function valueOf(flow: Flow): { currency: string; minor: bigint } {
  const original = flow.originalAmount;
  // FTS writes amounts as Python floats, so a value may carry more decimals than the currency
  // has (e.g. "1234.5600000000002"): it is rounded to the minor unit, half to even.
  if (original !== undefined && original.units !== 0n && flow.originalCurrency !== undefined) {
    return { currency: flow.originalCurrency, minor: located(flow.at('originalAmount'), () => toMinor(original, flow.originalCurrency as string, { rounding: 'half-even' })) };
  }
  if (flow.amountUSD !== undefined && flow.amountUSD.units !== 0n) return { currency: 'USD', minor: toMinor(flow.amountUSD, 'USD', { rounding: 'half-even' }) };
  return { currency: flow.originalCurrency ?? 'USD', minor: 0n };
}

const stageOf = { pledge: 'announced', commitment: 'committed', paid: 'disbursed' } as const;

/** The contribution's description: FTS's own, then one "FTS: …" line per fact the ledger has no field for. */
export function describeFlow(flow: Flow, reading: Reading): string {
  const notes: string[] = [];
  if (reading.destination !== undefined) notes.push(`FTS: to ${reading.destination}`);
  if (reading.locations.length > 0) notes.push(`FTS: in ${reading.locations.join('; ')}`);
  if (flow.flowType === 'Parked') notes.push('FTS: flow type Parked (money parked with the organisation, not yet passed on)');
  else if (flow.flowType !== 'Standard') notes.push(`FTS: flow type ${flow.flowType}`);
  if (flow.parentFlowId !== undefined) notes.push(`FTS: part of flow ${flow.parentFlowId}`);
  let suffix = notes.map((note) => `\n${note}`).join('');
  if (suffix.length > limits.textLengthMax / 2) suffix = `${suffix.slice(0, limits.textLengthMax / 2 - 1)}…`;
  let main = flow.description === '' ? `FTS flow ${flow.id}` : flow.description;
  const room = limits.textLengthMax - suffix.length;
  if (main.length > room) main = `${main.slice(0, room - 1).trimEnd()}…`;
  return main + suffix;
}

interface Entry {
  readonly file: string;
  readonly id: string;
  readonly version: number;
  readonly locator: string;
  readonly where: string;
  readonly valued: boolean;
  readonly donors: number;
  readonly parent: string | undefined;
  readonly hasChildren: boolean;
}

/** The first pass: which flows there are, and which version of each is the latest. */
async function index(files: readonly string[]) {
  const entries: Entry[] = [];
  const latest = new Map<string, Entry>();
  for (const file of files) {
    for await (const flow of readFlows(file)) {
      const reading = read(flow);
      const entry: Entry = {
        file,
        id: flow.id,
        version: flow.versionId,
        locator: flow.locator,
        where: flow.where,
        valued: reading.value.minor > 0n,
        donors: reading.donors,
        parent: flow.parentFlowId,
        hasChildren: flow.childFlowIds.length > 0,
      };
      const other = latest.get(flow.id);
      if (other?.version === flow.versionId) flow.bad('versionId', `flow ${flow.id} version ${flow.versionId} is also at ${other.where}`);
      if (!other || other.version < flow.versionId) latest.set(flow.id, entry);
      entries.push(entry);
    }
  }
  const kept = (entry: Entry) => latest.get(entry.id) === entry && entry.valued && entry.donors === 1;
  const childrenOf = new Map<string, string[]>();
  for (const entry of latest.values()) {
    if (entry.parent === undefined || !kept(entry)) continue;
    const list = childrenOf.get(entry.parent) ?? [];
    list.push(entry.id);
    childrenOf.set(entry.parent, list);
  }
  return { entries, latest, kept, childrenOf };
}

export const ftsImporter: Importer = {
  describe: 'OCHA Financial Tracking Service flows (the API\'s CSV download, or its JSON {"data": {"flows": [...]}})',
  async *read(files, run) {
    const { entries, latest, kept, childrenOf } = await index(files);
    const rates = new Map<string, string>();
    for (const file of files) {
      for await (const flow of readFlows(file)) {
        const entry = latest.get(flow.id);
        if (entry?.version !== flow.versionId) continue; // an earlier version: cited below
        if (!kept(entry)) {
          if (entry.donors > 1) run.skip('flows from several source organisations (a contribution has one donor)');
          continue; // amount 0: cited on its children below, or skipped
        }
        yield* flowCommands(file, flow, run, rates);
      }
    }
    for (const entry of entries) {
      const newest = latest.get(entry.id) as Entry;
      const source = provenanceOf(dataset, entry.file, entry.locator, publisher, `${entry.id} v${entry.version}`);
      if (newest !== entry) {
        if (!kept(newest)) {
          run.skip('earlier versions of flows whose latest version is not recorded');
          continue;
        }
        run.merge('earlier version of a flow (the latest version is recorded)');
        yield located(entry.where, () =>
          parseCommand({ id: `fts:${entry.id}:v${entry.version}`, type: 'CiteSource', recordKind: 'contribution', recordId: `fts:${entry.id}`, note: `FTS flow ${entry.id} version ${entry.version}, superseded by version ${newest.version}`, provenance: source }),
        );
        continue;
      }
      if (kept(entry) || entry.donors > 1) continue;
      const children = childrenOf.get(entry.id) ?? [];
      if (children.length === 0) {
        run.skip(entry.hasChildren ? 'parked flows passed on in full to child flows that are not in the file (amount 0)' : 'flows reported with amount 0');
        continue;
      }
      run.merge('parked flow passed on in full (amount 0) to child flows in the file: cited on each child, counted there');
      for (const child of children) {
        yield located(entry.where, () =>
          parseCommand({ id: `fts:${entry.id}:passed-on:${child}`, type: 'CiteSource', recordKind: 'contribution', recordId: `fts:${child}`, note: `part of FTS parked flow ${entry.id}, passed on in full to its child flows`, provenance: source }),
        );
      }
    }
  },
};

async function* flowCommands(file: string, flow: Flow, run: ImportRun, rates: Map<string, string>): AsyncGenerator<CommandEnvelope> {
  const reading = read(flow);
  const donor = reading.donor as PartyNeed;
  const source = provenanceOf(dataset, file, flow.locator, publisher, `${flow.id} v${flow.versionId}`);
  for (const [party, role, field] of [
    [donor, 'donor', 'sourceObjects'],
    [reading.recipient, 'recipient', 'destinationObjects'],
  ] as const) {
    if (party === undefined) continue;
    yield* ensureParty(run, { partyId: party.id, name: party.name, kind: party.kind, country: party.country }, role, 'fts', source, flow.at(field));
  }
  const { currency, minor } = reading.value;
  if (currency !== 'USD') {
    const rate = flow.exchangeRate === undefined ? undefined : reciprocal(flow.exchangeRate, ratePlaces);
    if (rate === undefined) run.skip('exchange rates: a flow in another currency than USD without one');
    else {
      const key = `${flow.date}:${currency}:USD`;
      const rateText = decimalText(normalize(rate));
      const existing = rates.get(key) ?? run.view.fxRate(flow.date, currency, 'USD')?.rate;
      if (existing !== undefined) {
        run.skip(existing === rateText ? 'exchange rates: the ledger already has that day\'s rate' : 'exchange rates: the ledger already has another rate for that day and currency');
      } else {
        rates.set(key, rateText);
        yield located(flow.at('exchangeRate'), () =>
          parseCommand({ id: `fx:fts:${flow.id}`, type: 'RecordFxRate', date: flow.date, base: currency, quote: 'USD', rate: rateText, provenance: source }),
        );
      }
    }
  }
  const inKind = flow.inKind;
  yield located(flow.where, () =>
    parseCommand({
      id: `fts:${flow.id}`,
      type: 'RecordContribution',
      contributionId: `fts:${flow.id}`,
      donorId: donor.id,
      kind: inKind ? 'in_kind' : 'money',
      stage: flow.status === 'paid' && inKind ? 'delivered' : stageOf[flow.status],
      value: { amount: formatAmount(minor, currency), currency },
      at: flow.date,
      category: ftsCategory,
      description: describeFlow(flow, reading),
      ...(reading.recipient === undefined ? {} : { recipientId: reading.recipient.id }),
      ...(inKind ? { valuationMethod: 'stated', quantity: 1, unit: 'lot' } : {}),
      provenance: source,
    }),
  );
}

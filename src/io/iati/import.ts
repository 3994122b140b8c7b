import { ensureParty } from '../parties.js';
import type { CommandEnvelope } from '../../contract/commands.js';
import { parseCommand } from '../../contract/commands.js';
import { DomainError } from '../../domain/errors.js';
import { formatAmount } from '../../domain/money.js';
import type { Contribution, PartyRole } from '../../domain/state.js';
import { alpha3, countryName } from '../countries.js';
import { readDecimal, toMinor } from '../decimal.js';
import type { ImportRun } from '../format.js';
import { fail, located, provenanceOf } from '../format.js';
import { boundedId, idPart } from '../ids.js';
import { categoryOfSector, orgId, transactionTypes, unspecified, type FlowStage } from './codes.js';
import { checkActivity, decimalPattern } from './validate.js';
import { child, childrenNamed, narrative, parseActivity, placeOf, rawActivities, type RootElement, type XNode } from './xml.js';

/**
 * IATI 2.03 activity files → parties and contributions. Each activity is read, checked against
 * the schema's structure and mapped on its own, so a file of any size streams. Ids come from the
 * publisher's identifiers (iati-identifier, transaction @ref), so importing a file again replays.
 *
 * A flow reported twice — as a disbursement by the provider's activity A (receiver-org
 * @receiver-activity-id = B) and as incoming funds by the receiver's activity B (provider-org
 * @provider-activity-id = A), same value, currency and date — is one contribution whose id names
 * both activities; whichever report is read first records it and the other cites its source.
 */

export const dataset = 'IATI activity file';
export const mergeReason = 'same flow reported by provider and receiver (provider-activity-id / receiver-activity-id)';
const planReason = 'budgets and planned disbursements (plans, not flows)';
const readVersion = '2.03';

/**
 * An xs:decimal as a decimal string with at most the currency's decimal places. IATI values may
 * carry more decimals than the currency has (e.g. 100.555 EUR); those are rounded half to even
 * to the currency's minor unit, the rule for every derived amount. xs:decimal also allows "5."
 * and ".5", read as "5" and "0.5".
 */
export function currencyAmount(text: string, currency: string): string | undefined {
  const value = readDecimal(text.trim().replace(/\.$/, '').replace(/^([+-]?)\./, '$10.'));
  return value && formatAmount(toMinor(value, currency, { rounding: 'half-even' }), currency);
}

interface ActivityContext {
  readonly file: string;
  readonly node: XNode;
  readonly identifier: string;
  readonly reportingRef: string;
  readonly reportingId: string | undefined;
  readonly title: string;
  readonly currency: string | undefined;
  readonly sectors: readonly XNode[];
  readonly countries: readonly XNode[];
}

/** Remembers, for one import, the party roles it registers and which transaction recorded each shared flow. */
interface ReadState {
  readonly flowCreators: Map<string, string>;
}

function registerParty(
  run: ImportRun,
  partyId: string,
  fields: { name: string; kind: 'organisation' | 'state'; roles: readonly PartyRole[]; country?: string },
  where: XNode,
  activity: ActivityContext,
): CommandEnvelope[] {
  const provenance = provenanceOf(dataset, activity.file, where.path, activity.reportingRef, activity.identifier);
  return ensureParty(run, { partyId, name: fields.name.slice(0, 2000), kind: fields.kind, country: fields.country }, fields.roles, 'iati', provenance, placeOf(activity.file, where));
}

/** An organisation named by an element with @ref and narratives: registers it (role donor) and returns its id. */
function* organisation(run: ImportRun, node: XNode, activity: ActivityContext, ref?: string): Generator<CommandEnvelope, string | undefined> {
  const name = narrative(node);
  const partyId = orgId(ref ?? node.attrs.ref, name);
  if (partyId === undefined) return undefined;
  // Every IATI organisation may be the provider of a flow it or another publisher reports.
  yield* registerParty(run, partyId, { name: name ?? (ref ?? node.attrs.ref ?? partyId).trim(), kind: 'organisation', roles: ['donor'] }, node, activity);
  return partyId;
}

function sectorCategory(sectors: readonly XNode[]): string | undefined {
  let best: { category: string; share: number } | undefined;
  for (const sector of sectors) {
    const category = categoryOfSector(sector.attrs.vocabulary, (sector.attrs.code ?? '').trim());
    if (category === undefined) continue;
    // Percentages are shares, not money: a number is fine here.
    const share = sector.attrs.percentage === undefined ? 100 : Number(sector.attrs.percentage);
    if (best === undefined || share > best.share) best = { category, share };
  }
  return best?.category;
}

/** The id of a flow shared by two activities, the provider's (A) and the receiver's (B). */
export function flowKey(stage: FlowStage, provider: string, receiver: string, date: string, amount: string, currency: string): string {
  const kind = stage === 'disbursed' ? 'flow' : stage === 'committed' ? 'commitment' : 'pledge';
  return boundedId(`iati:${kind}:${idPart(provider)}/${idPart(receiver)}:${date}:${amount}${currency}`);
}

/** True when an existing contribution is the one this transaction would record (it recorded it before). */
function sameRecord(existing: Contribution, command: Record<string, unknown>): boolean {
  return (
    existing.donorId === command.donorId &&
    existing.description === command.description &&
    existing.category === command.category &&
    (existing.recipientId ?? undefined) === command.recipientId &&
    existing.currency === (command.value as { currency: string }).currency
  );
}

function* transactions(run: ImportRun, state: ReadState, activity: ActivityContext): Generator<CommandEnvelope> {
  const { file, node } = activity;
  const all = childrenNamed(node, 'transaction');
  // Which transactions are flows: only those take part in the ids, so that an export (which
  // writes only flows) reads back to the same ids.
  const flows = all.filter((transaction) => transactionTypes[(child(transaction, 'transaction-type') as XNode).attrs.code?.trim() ?? '']?.stage !== undefined);
  const refCount = new Map<string, number>();
  for (const transaction of flows) {
    const ref = transaction.attrs.ref?.trim() ?? '';
    if (ref !== '') refCount.set(ref, (refCount.get(ref) ?? 0) + 1);
  }
  const contentCount = new Map<string, number>();
  for (const transaction of all) {
    const code = (child(transaction, 'transaction-type') as XNode).attrs.code?.trim() ?? '';
    const type = transactionTypes[code];
    if (type === undefined) {
      run.skip(`transaction type "${code}" is not in the IATI TransactionType code list`);
      continue;
    }
    if (type.stage === undefined || type.direction === undefined) {
      run.skip(`transaction type ${code} (${type.name}) is not a flow of aid`);
      continue;
    }
    const value = child(transaction, 'value') as XNode;
    const valuePlace = placeOf(file, value);
    const currency = value.attrs.currency?.trim() || activity.currency;
    if (currency === undefined || currency === '') fail(valuePlace, 'value/@currency', 'no currency, and the activity has no default-currency');
    if (!decimalPattern.test(value.text)) fail(valuePlace, 'value', `"${value.text}" is not a decimal number`);
    const amount = located(`${valuePlace} value/@currency`, () => currencyAmount(value.text, currency));
    if (amount === undefined || amount.startsWith('-') || /^0(\.0*)?$/.test(amount)) {
      run.skip('transactions with a zero or negative value (corrections, reversals)');
      continue;
    }
    const at = (value.attrs['value-date'] ?? (child(transaction, 'transaction-date') as XNode).attrs['iso-date'] ?? '').slice(0, 10);
    if (activity.identifier === '') fail(placeOf(file, child(node, 'iati-identifier') as XNode), 'iati-identifier', 'empty; the transactions of an activity are named by its identifier');

    const provider = child(transaction, 'provider-org');
    const receiver = child(transaction, 'receiver-org');
    let donorId: string | undefined;
    if (provider) donorId = yield* organisation(run, provider, activity);
    if (donorId === undefined && type.direction === 'outgoing') donorId = activity.reportingId;
    if (donorId === undefined) {
      run.skip('incoming transactions without a provider-org (no donor named)');
      continue;
    }

    let recipientId: string | undefined;
    // The activity's country is the recipient when it is the only one and has the whole activity.
    const only = activity.countries.length === 1 ? activity.countries[0] : undefined;
    const share = only?.attrs.percentage?.trim();
    const countryNode = child(transaction, 'recipient-country') ?? (share === undefined || /^100(\.0*)?$/.test(share) ? only : undefined);
    if (countryNode) {
      const code = (countryNode.attrs.code ?? '').trim().toUpperCase();
      const state3 = /^[A-Z]{2}$/.test(code) ? alpha3(code) : undefined;
      if (state3 === undefined) fail(placeOf(file, countryNode, '/@code'), 'recipient-country/@code', `"${countryNode.attrs.code ?? ''}" is not an ISO 3166-1 alpha-2 country code`);
      yield* registerParty(run, state3, { name: countryName(state3) ?? state3, kind: 'state', roles: ['recipient'], country: state3 }, countryNode, activity);
      recipientId = state3;
    }

    const category = sectorCategory(childrenNamed(transaction, 'sector')) ?? sectorCategory(activity.sectors) ?? unspecified;
    const ref = transaction.attrs.ref?.trim() ?? '';
    let own: string;
    if (ref !== '' && refCount.get(ref) === 1) own = `iati:${idPart(activity.identifier)}:tx:${idPart(ref)}`;
    else {
      const content = `${at}:${amount}${currency}`;
      const seen = (contentCount.get(content) ?? 0) + 1;
      contentCount.set(content, seen);
      own = `iati:${idPart(activity.identifier)}:tx-on:${content}${seen === 1 ? '' : `:${seen}`}`;
    }
    own = boundedId(own);
    const publisherRef = ref === '' ? activity.identifier : `${activity.identifier}#${ref}`;
    const provenance = provenanceOf(dataset, file, transaction.path, activity.reportingRef, publisherRef);

    const other = type.direction === 'outgoing' ? receiver?.attrs['receiver-activity-id']?.trim() : provider?.attrs['provider-activity-id']?.trim();
    const key =
      other === undefined || other === '' || other === activity.identifier
        ? undefined
        : type.direction === 'outgoing'
          ? flowKey(type.stage, activity.identifier, other, at, amount, currency)
          : flowKey(type.stage, other, activity.identifier, at, amount, currency);
    const contribution = {
      type: 'RecordContribution',
      contributionId: key ?? own,
      donorId,
      kind: 'money',
      stage: type.stage,
      value: { amount, currency },
      at,
      category,
      description: activity.title,
      ...(recipientId === undefined ? {} : { recipientId }),
    };
    const place = placeOf(file, transaction);
    if (key !== undefined) {
      let creator = state.flowCreators.get(key);
      if (creator === undefined) {
        const existing = run.view.contribution(key);
        if (existing === undefined || sameRecord(existing, contribution)) creator = own;
        else creator = `${key} (recorded before this import)`;
        state.flowCreators.set(key, creator);
      }
      if (creator !== own) {
        run.merge(mergeReason);
        yield located(place, () =>
          parseCommand({
            id: boundedId(`${own}:cite`),
            type: 'CiteSource',
            recordKind: 'contribution',
            recordId: key,
            note: `${type.name} reported in ${activity.identifier} by ${activity.reportingRef}`,
            provenance,
          }),
        );
        continue;
      }
    }
    yield located(place, () => parseCommand({ id: own, ...contribution, provenance }));
  }
}

function checkVersion(file: string, root: RootElement): void {
  const version = root.attrs.version?.trim();
  if (version === undefined) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `${file}:${root.line} /iati-activities/@version: missing; no version was found, and this importer reads IATI ${readVersion} activity files (<iati-activities version="${readVersion}">); files without a version predate 2.01`,
      'version',
    );
  }
  // The schema types @version as a string; a number other than 2.03 is an earlier (or later)
  // version with another structure. The schema's own test files use a placeholder ("xx"),
  // which is read as 2.03.
  if (/^\d+(\.\d+)*$/.test(version) && version !== readVersion) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `${file}:${root.line} /iati-activities/@version: version "${version}" was found; this importer reads IATI ${readVersion} only (convert the file to ${readVersion} first)`,
      'version',
    );
  }
}

export async function* iatiFile(file: string, run: ImportRun, state: ReadState): AsyncGenerator<CommandEnvelope> {
  for await (const raw of rawActivities(file, (root) => checkVersion(file, root))) {
    const node = parseActivity(file, raw);
    checkActivity(file, node);
    const reporting = child(node, 'reporting-org') as XNode;
    const reportingRef = (reporting.attrs.ref ?? '').trim();
    const identifier = (child(node, 'iati-identifier') as XNode).text;
    const title = (narrative(child(node, 'title')) ?? (identifier === '' ? 'IATI activity' : `IATI activity ${identifier}`)).slice(0, 2000);
    const partial: ActivityContext = {
      file,
      node,
      identifier,
      reportingRef,
      reportingId: undefined,
      title,
      currency: node.attrs['default-currency']?.trim() || undefined,
      sectors: childrenNamed(node, 'sector'),
      countries: childrenNamed(node, 'recipient-country'),
    };
    const reportingId = yield* organisation(run, reporting, partial);
    const activity = { ...partial, reportingId };
    for (const org of childrenNamed(node, 'participating-org')) {
      const id = yield* organisation(run, org, activity);
      if (id === undefined) run.skip('participating-org with neither ref nor name');
    }
    const plans = childrenNamed(node, 'budget').length + childrenNamed(node, 'planned-disbursement').length;
    if (plans > 0) run.skip(planReason, plans);
    yield* transactions(run, state, activity);
  }
}

export async function* readIati(files: readonly string[], run: ImportRun): AsyncGenerator<CommandEnvelope> {
  const state: ReadState = { flowCreators: new Map() };
  for (const file of files) yield* iatiFile(file, run, state);
}

import type { ProvenanceRow } from '../../domain/provenance.js';
import type { Contribution, Party } from '../../domain/state.js';
import { rowsOf } from '../format.js';
import { formatAmount } from '../../domain/money.js';
import type { Exporter } from '../format.js';
import { alpha2 } from '../countries.js';
import { idPart } from '../ids.js';
import { orgId, sectorOfCategory, transactionTypeOf, type Direction, type FlowStage } from './codes.js';
import { dataset } from './import.js';

/**
 * The ledger as an IATI 2.03 activity file, valid against the official schema (element order
 * as the schema's sequences require). Contributions read from IATI go back to their source
 * activities (the provenance's publisherRef holds the iati-identifier and the transaction ref),
 * so that importing the export gives the same parties and contributions; a flow cited by two
 * activities appears in both, each with the other's activity id, and merges again on import.
 * Other contributions each become an activity named after the ledger's id.
 */

interface Source {
  readonly contribution: Contribution;
  readonly ref: string | undefined;
  readonly order: readonly [string, number];
  readonly created: boolean;
}

interface Activity {
  readonly identifier: string;
  readonly publisher: string;
  readonly firstSeq: number;
  readonly transactions: Source[];
  readonly orgs: string[];
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const attrs = (pairs: Record<string, string | undefined>) =>
  Object.entries(pairs)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escape(value as string)}"`)
    .join('');
const narrativeOf = (text: string) => `<narrative>${escape(text)}</narrative>`;
const flowStages = new Set(['announced', 'committed', 'disbursed']);
const flowKeyPattern = /^iati:(?:flow|commitment|pledge):(.+):(\d{4}-\d{2}-\d{2}):(\d+(?:\.\d+)?)([A-Z]{3})$/;

/** Which end of a shared flow an activity is, and the other end's activity id. */
function pairOf(contributionId: string, identifier: string): { direction: Direction; other: string } | undefined {
  const match = flowKeyPattern.exec(contributionId);
  if (!match) return undefined;
  const pair = match[1] as string;
  const own = idPart(identifier);
  if (pair.startsWith(`${own}/`)) return { direction: 'outgoing', other: pair.slice(own.length + 1) };
  if (pair.endsWith(`/${own}`)) return { direction: 'incoming', other: pair.slice(0, -own.length - 1) };
  return undefined;
}

const orgRef = (partyId: string) => (partyId.startsWith('org:') ? partyId.slice(4) : partyId);

export const iatiExporter: Exporter = {
  describe: 'an IATI 2.03 activity file (one activity per source activity; valid against the IATI schema)',
  mediaType: 'application/xml; charset=utf-8',
  async write(ledger, out) {
    const parties = new Map((await rowsOf(ledger, 'party')).map((row) => [row.id, row]));
    const contributions = new Map((await rowsOf(ledger, 'contribution')).map((row) => [row.id, row]));
    const provenance = [...(await rowsOf(ledger, 'provenance'))].sort((a, b) => a.seq - b.seq);

    const activities = new Map<string, Activity>();
    const sourced = new Set<string>();
    const seenSources = new Set<string>();
    for (const row of provenance) {
      if (row.dataset !== dataset) continue;
      const reference = row.publisherRef ?? '';
      const hash = reference.indexOf('#');
      const identifier = hash < 0 ? reference : reference.slice(0, hash);
      const ref = hash < 0 ? undefined : reference.slice(hash + 1);
      const activityIndex = /iati-activity\[(\d+)\]/.exec(row.locator)?.[1] ?? '0';
      const key = identifier === '' ? `${row.file}#${activityIndex}` : identifier;
      let activity = activities.get(key);
      if (!activity) activities.set(key, (activity = { identifier, publisher: row.publisher ?? '', firstSeq: row.seq, transactions: [], orgs: [] }));
      if (row.recordKind === 'contribution') {
        const contribution = contributions.get(row.recordId);
        if (!contribution || seenSources.has(`${row.file} ${row.locator}`)) continue;
        seenSources.add(`${row.file} ${row.locator}`);
        const position = Number(/transaction\[(\d+)\]/.exec(row.locator)?.[1] ?? '0');
        activity.transactions.push({ contribution, ref, order: [row.file, position], created: !sourced.has(contribution.id) });
        sourced.add(contribution.id);
      } else if (row.recordKind === 'party' && parties.get(row.recordId)?.kind === 'organisation' && !activity.orgs.includes(row.recordId)) {
        activity.orgs.push(row.recordId);
      }
    }
    for (const contribution of contributions.values()) {
      if (sourced.has(contribution.id)) continue;
      activities.set(`aidtrace:${contribution.id}`, {
        identifier: `aidtrace-${contribution.id}`,
        publisher: orgRef(contribution.donorId),
        firstSeq: Number.MAX_SAFE_INTEGER,
        transactions: [{ contribution, ref: undefined, order: ['', 0], created: true }],
        orgs: [],
      });
    }
    const dates = [...contributions.values()].map((row) => row.announcedOn).sort();
    const earliest = dates[0] ?? '2000-01-01';

    await out('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n');
    const ordered = [...activities.values()].sort((a, b) => a.firstSeq - b.firstSeq);
    for (const activity of ordered) {
      activity.transactions.sort((a, b) => (a.order[0] === b.order[0] ? a.order[1] - b.order[1] : a.order[0] < b.order[0] ? -1 : 1));
      const flows = activity.transactions.filter((source) => source.contribution.kind === 'money' && flowStages.has(source.contribution.stage));
      const own = activity.transactions.find((source) => source.created) ?? activity.transactions[0];
      const title = own?.contribution.description ?? (activity.identifier === '' ? 'IATI activity' : `IATI activity ${activity.identifier}`);
      const reportingId = orgId(activity.publisher, undefined) ?? activity.publisher;
      const reporting = parties.get(reportingId) ?? parties.get(activity.publisher);
      const reportingName = reporting?.name ?? (activity.publisher === '' ? 'Unknown publisher' : activity.publisher);
      const lines: string[] = [];
      lines.push(' <iati-activity>');
      lines.push(`  <iati-identifier>${escape(activity.identifier)}</iati-identifier>`);
      lines.push(`  <reporting-org${attrs({ ref: activity.publisher, type: reporting?.kind === 'state' ? '10' : '90' })}>${narrativeOf(reportingName)}</reporting-org>`);
      lines.push(`  <title>${narrativeOf(title)}</title>`);
      lines.push(`  <description>${narrativeOf(title)}</description>`);
      const orgs = activity.orgs.length > 0 ? activity.orgs : [reportingId];
      for (const id of orgs) {
        const party = parties.get(id);
        lines.push(`  <participating-org${attrs({ ref: orgRef(id), role: '1' })}>${narrativeOf(party?.name ?? orgRef(id))}</participating-org>`);
      }
      const start = flows.map((source) => source.contribution.announcedOn).sort()[0];
      lines.push(`  <activity-status code="${start === undefined ? '1' : '2'}"/>`);
      // An activity that only names organisations has no date of its own in the ledger.
      lines.push(`  <activity-date${attrs({ type: start === undefined ? '1' : '2', 'iso-date': start ?? earliest })}/>`);
      for (const source of flows) {
        const { contribution } = source;
        const pair = pairOf(contribution.id, activity.identifier);
        const direction: Direction = pair?.direction ?? (contribution.donorId === reportingId || orgRef(contribution.donorId) === activity.publisher ? 'outgoing' : 'incoming');
        const at = contribution.stageSince.slice(0, 10);
        const donor = parties.get(contribution.donorId);
        const sector = sectorOfCategory(contribution.category);
        const country = contribution.recipientId === null ? undefined : alpha2(contribution.recipientId);
        lines.push(`  <transaction${attrs({ ref: source.ref })}>`);
        lines.push(`   <transaction-type code="${transactionTypeOf(contribution.stage as FlowStage, direction)}"/>`);
        lines.push(`   <transaction-date iso-date="${at}"/>`);
        lines.push(`   <value${attrs({ currency: contribution.currency, 'value-date': at })}>${formatAmount(contribution.amountMinor, contribution.currency)}</value>`);
        lines.push(
          `   <provider-org${attrs({ ref: orgRef(contribution.donorId), 'provider-activity-id': direction === 'incoming' ? pair?.other : undefined })}>${narrativeOf(donor?.name ?? orgRef(contribution.donorId))}</provider-org>`,
        );
        if (pair?.direction === 'outgoing') lines.push(`   <receiver-org${attrs({ 'receiver-activity-id': pair.other })}/>`);
        if (sector !== undefined) lines.push(`   <sector vocabulary="2" code="${sector}"/>`);
        if (country !== undefined) lines.push(`   <recipient-country code="${country}"/>`);
        lines.push('  </transaction>');
      }
      lines.push(' </iati-activity>\n');
      await out(lines.join('\n'));
    }
    await out('</iati-activities>\n');
  },
};

import { ensureParty } from '../parties.js';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CommandEnvelope } from '../../contract/commands.js';
import { parseCommand } from '../../contract/commands.js';
import { formatAmount } from '../../domain/money.js';
import type { CsvRecord } from '../csv/records.js';
import { fail, located, provenanceOf, type ImportRun } from '../format.js';
import { cellOf, datasetName, recordable, donorByName, euroCents, invalid, monthStart, partyOf, placeOf, publisher, recipientId, ukraine, type Category } from './shared.js';

/**
 * Kiel's sub-activities as a CSV with Norwegian headers (bilateral_activities.csv, the main sheet
 * "Bilateral Assistance, MAIN DATA" of Kiel's workbook, flattened; CRLF): `giver` (donor, in
 * English), `dato` (announcement date, may be empty), `kategori` (Financial, Humanitarian,
 * Military), `maal` (Kiel's measure: Allocation or Commitment), `verdi_eur`
 * (tot_sub_activity_value_EUR), `verdi_eur_redistr`, `verdi_eur_activity`
 * (tot_activity_value_EUR), `maaned_nr` (months since December 2021: 1 = January 2022),
 * `maaned_finnes` (True when Kiel knows the month), `verdi_eur_mrd` (verdi_eur in billions).
 *
 * Each row with a value becomes one money contribution of the donor to Ukraine:
 * - Allocation ("delivered or specified for delivery") → stage `committed`, valued at the
 *   sub-activity's own value `verdi_eur`. Not `disbursed`: Kiel does not say the money was paid.
 *   `verdi_eur_redistr` is not read: it is Kiel's spreading of undated values over the dated rows
 *   of the same donor (undated rows carry 0 there), an estimate for monthly series rather than
 *   what the row reports.
 * - Commitment (a promise not yet specified for delivery) → stage `announced`. Kiel leaves the
 *   sub-activity value of commitments at 0 and gives the activity's value (`verdi_eur_activity`)
 *   on every sub-activity row of the activity, so a row repeating an earlier row's donor, date,
 *   category and activity value is the same commitment: it is cited as a further source of the
 *   first (CiteSource) and counted as merged, not recorded twice.
 * The date is `dato`; without one, the first day of the month `maaned_nr` when `maaned_finnes`
 * says the month is known; rows with neither are skipped and counted.
 *
 * The file has no row identifier, so ids are made of the release, the row's line and the donor:
 * `kiel:r<release>:line<N>:<donor>`. Importing the same file again changes nothing; a file with
 * its rows in another order is a different file to the ledger (and is refused where a line's id
 * now stands for another row).
 *
 * Negative values are Kiel's corrections of earlier sub-activities (release 28 has two). The
 * ledger has no negative contribution and the row does not say which record it reduces, so they
 * are skipped and counted.
 */

export const bilateralColumns = ['giver', 'dato', 'kategori', 'maal', 'verdi_eur', 'verdi_eur_activity', 'maaned_nr', 'maaned_finnes'] as const;

const measures = {
  allocation: { stage: 'committed', column: 'verdi_eur', verb: 'allocated' },
  commitment: { stage: 'announced', column: 'verdi_eur_activity', verb: 'committed' },
} as const;

/** What says which release the flattened file comes from, with the number of rows it should have when known. */
interface ReleaseSource {
  readonly release: string;
  readonly rows?: number | undefined;
  readonly from: string;
  /** False when nothing names the release and `release` is the file's content digest. */
  readonly stated?: boolean;
}

/**
 * The release of a bilateral_activities file. The file does not say, and release_info.csv
 * describes the website's files (another release), so the release is read from the file's
 * name (`…release_28…`, `…Release-28…`, `…_r28.csv`) or from the metadata.json written with
 * the file, whose `kildefil` names the Kiel workbook it was made from
 * (`…Ukraine_Support_Tracker_Release_28.xlsx`) and `antall_bilateral_rader` its rows. When
 * neither says, the file is named by the SHA-256 of its content and the dataset says that the
 * release is not stated.
 */
export function bilateralRelease(file: string): ReleaseSource {
  const name = basename(file);
  const named = /release[ _-]?(\d{1,4})/i.exec(name) ?? /(?:^|[_.-])r(\d{1,4})(?=[_.-])/i.exec(name);
  if (named?.[1]) return { release: String(Number(named[1])), from: 'the file name' };
  const metadataFile = join(dirname(file), 'metadata.json');
  if (existsSync(metadataFile)) {
    let metadata: { kildefil?: unknown; antall_bilateral_rader?: unknown };
    try {
      metadata = JSON.parse(readFileSync(metadataFile, 'utf8')) as typeof metadata;
    } catch (error) {
      return invalid(`${metadataFile}: not valid JSON (${(error as Error).message})`, 'kildefil');
    }
    const source = typeof metadata.kildefil === 'string' ? /release[ _-]?(\d{1,4})/i.exec(metadata.kildefil) : null;
    if (!source?.[1]) invalid(`${metadataFile} $.kildefil: expected the name of the Kiel workbook with its release, such as "Ukraine_Support_Tracker_Release_28.xlsx"`, 'kildefil');
    const rows = typeof metadata.antall_bilateral_rader === 'number' ? metadata.antall_bilateral_rader : undefined;
    return { release: String(Number(source[1])), rows, from: basename(metadataFile) };
  }
  // Nothing names the release: the file is known by its content instead, so importing the
  // same file again still changes nothing, and the dataset says that its release is not stated.
  return { release: `-sha256-${fileDigest(file).slice(0, 16)}`, from: 'the file content', stated: false };
}

/** SHA-256 of a file, read in pieces. */
function fileDigest(file: string): string {
  const digest = createHash('sha256');
  const buffer = Buffer.alloc(1 << 16);
  const fd = openSync(file, 'r');
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) digest.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return digest.digest('hex');
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(text: string): boolean {
  const match = datePattern.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

export async function* bilateralCommands(
  file: string,
  columns: ReadonlyMap<string, number>,
  rows: AsyncIterable<CsvRecord>,
  run: ImportRun,
): AsyncGenerator<CommandEnvelope> {
  const source = bilateralRelease(file);
  const { release } = source;
  const dataset = source.stated === false ? `Kiel Ukraine Support Tracker, bilateral activities (release not stated; file sha256 ${release.slice('-sha256-'.length)}…)` : datasetName(release);
  /** The first record of each commitment: donor, date, category and value → contribution id. */
  const commitments = new Map<string, string>();
  let count = 0;
  for await (const record of rows) {
    count += 1;
    const cell = (name: string) => cellOf(record, columns, name);
    const place = (name: string) => placeOf(record, columns, name);
    const giver = cell('giver');
    const donor = donorByName(giver);
    if (!donor) fail(place('giver'), 'giver', `"${giver}" is not a country nor a donor organisation Kiel lists (EU (Commission and Council), European Investment Bank, European Peace Facility)`);
    const categoryText = cell('kategori');
    const category = categoryText.toLowerCase() as Category;
    if (category !== 'financial' && category !== 'humanitarian' && category !== 'military') {
      fail(place('kategori'), 'kategori', `"${categoryText}" is not one of Kiel's categories Financial, Humanitarian, Military`);
    }
    const measureText = cell('maal');
    const measureName = measureText.toLowerCase();
    if (measureName !== 'allocation' && measureName !== 'commitment') fail(place('maal'), 'maal', `"${measureText}" is not one of Kiel's measures Allocation, Commitment`);
    const measure = measures[measureName];
    for (const name of ['verdi_eur', 'verdi_eur_activity']) {
      if (euroCents(cell(name), 0) === undefined) fail(place(name), name, `"${cell(name)}" is not a number of euros`);
    }
    const cents = euroCents(cell(measure.column), 0) as bigint;
    if (!recordable(run, cents)) continue;
    const date = cell('dato');
    let at: string;
    if (date !== '') {
      if (!isDate(date)) fail(place('dato'), 'dato', `"${date}" is not a date such as 2022-03-20`);
      // The announcement date rules; maaned_nr disagrees with it on a few rows.
      at = date;
    } else {
      const known = cell('maaned_finnes');
      if (known !== 'True' && known !== 'False') fail(place('maaned_finnes'), 'maaned_finnes', `"${known}" is neither True nor False`);
      const monthNumber = cell('maaned_nr');
      if (!/^\d{1,3}$/.test(monthNumber)) fail(place('maaned_nr'), 'maaned_nr', `"${monthNumber}" is not a month number (1 = January 2022)`);
      // Kiel writes month 0 where it has none, on a few rows even with maaned_finnes True.
      if (known === 'False' || monthNumber === '0' || Number(monthNumber) === 0) {
        run.skip('rows without a date or a known month');
        continue;
      }
      const index = Number(monthNumber) - 1;
      at = monthStart(2022 + Math.floor(index / 12), (index % 12) + 1);
    }
    const when = date === '' ? at.slice(0, 7) : at;
    const provenance = provenanceOf(dataset, file, `line ${record.line}`, publisher, `${donor.code}/${when}/${category}/${measureName}`);
    const id = `kiel:r${release}:line${record.line}:${donor.code}`;
    if (measureName === 'commitment') {
      const key = `${donor.partyId}\u0000${at}\u0000${category}\u0000${cents}`;
      const first = commitments.get(key);
      if (first !== undefined) {
        run.merge("commitment rows repeating their activity's value (Kiel gives an activity's commitment on each of its sub-activity rows)");
        yield located(`${place('maal')} maal`, () =>
          parseCommand({
            id,
            type: 'CiteSource',
            recordKind: 'contribution',
            recordId: first,
            note: `Kiel lists the same commitment of EUR ${formatAmount(cents, 'EUR')} again for another sub-activity`,
            provenance,
          }),
        );
        continue;
      }
      commitments.set(key, id);
    }
    yield* ensureParty(run, partyOf(donor), 'donor', `kiel:r${release}`, provenance, `${place('giver')} giver`);
    yield* ensureParty(run, partyOf(ukraine), 'recipient', `kiel:r${release}`, provenance, `${place('giver')} recipient`);
    yield located(`${place(measure.column)} ${measure.column}`, () =>
      parseCommand({
        id,
        type: 'RecordContribution',
        contributionId: id,
        donorId: donor.partyId,
        kind: 'money',
        stage: measure.stage,
        value: { amount: formatAmount(cents, 'EUR'), currency: 'EUR' },
        at,
        category,
        description: `${categoryText} aid to Ukraine ${measure.verb} by ${donor.name}, ${date === '' ? `in ${when}` : `announced ${date}`} (${dataset}, sub-activity)`,
        recipientId,
        provenance,
      }),
    );
  }
  if (source.rows !== undefined && source.rows !== count) {
    invalid(`${file}: ${source.from} beside it describes a file of ${source.rows} rows, this one has ${count}: it belongs to another version of the file`, 'release');
  }
}

import { formatAmount } from '../../domain/money.js';
import type { Exporter } from '../format.js';
import { ocdsIds } from './import.js';
import { idFrom } from '../ids.js';
import { datasetName } from './read.js';

/**
 * The ledger's contracts as an OCDS 1.1 release package: one release per package that has a
 * contract. The buyer is the package's coordinator; tender items are the package lines; each
 * contract comes with an award (dated on the package's approval), its items (contract lines,
 * id = the tender item's id) and value, and its implementation transactions are the transfers
 * into the contract's account. A package read from OCDS keeps its ocid (the provenance's
 * publisher reference); any other gets `ocds-aidtrace-<package id>`. Amounts are written as
 * JSON numbers from their exact decimal text, never through floating point.
 */

type Row = Record<string, unknown>;

/** A JSON number written from its decimal text. */
class Raw {
  constructor(readonly text: string) {}
}

function serialize(value: unknown, indent: string): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = `${indent}  `;
    return `[\n${value.map((element) => inner + serialize(element, inner)).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, field]) => field !== undefined);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${entries.map(([key, field]) => `${inner}${JSON.stringify(key)}: ${serialize(field, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

const money = (minor: unknown, currency: string) => ({ amount: new Raw(formatAmount(BigInt(minor as bigint), currency)), currency });
const dateTime = (date: string) => `${date}T00:00:00Z`;
/** The OCDS id of a party: its ledger id without the "org:" the importer adds. */
const partyRef = (id: string) => (id.startsWith('org:') ? id.slice(4) : id);
const strip = (id: string, prefix: string) => (id.startsWith(prefix) ? id.slice(prefix.length) : id);

export const ocdsExporter: Exporter = {
  describe: 'contracts as an OCDS 1.1 release package (one release per package)',
  mediaType: 'application/json; charset=utf-8',
  async write(ledger, out) {
    const [packages, packageLines, contracts, contractLines, transfers, parties, provenance, stages] = await Promise.all(
      (['package', 'packageLine', 'contract', 'contractLine', 'transfer', 'party', 'provenance', 'stageChange'] as const).map((table) => ledger.readTable(table)),
    );
    const partyById = new Map((parties ?? []).map((party) => [party.id as string, party]));
    const ocidOf = new Map<string, string>();
    for (const row of provenance ?? []) {
      const dataset = String(row.dataset);
      if (row.recordKind === 'package' && dataset.startsWith(datasetName) && typeof row.publisherRef === 'string' && !ocidOf.has(row.recordId as string)) {
        ocidOf.set(row.recordId as string, row.publisherRef);
      }
    }
    const approvedOn = new Map<string, string>();
    for (const row of stages ?? []) if (row.entityKind === 'package' && row.toStage === 'approved') approvedOn.set(row.entityId as string, row.at as string);
    const byPackage = new Map<string, Row[]>();
    for (const contract of contracts ?? []) {
      const list = byPackage.get(contract.packageId as string) ?? [];
      list.push(contract);
      byPackage.set(contract.packageId as string, list);
    }
    const releases: unknown[] = [];
    let latest = '1970-01-01';
    for (const pkg of [...(packages ?? [])].sort((a, b) => String(a.id).localeCompare(String(b.id)))) {
      const own = byPackage.get(pkg.id as string);
      if (!own) continue;
      const packageId = pkg.id as string;
      const currency = pkg.currency as string;
      const ocid = ocidOf.get(packageId) ?? idFrom(`ocds-aidtrace-${packageId}`);
      const buyer = partyById.get(pkg.coordinatorId as string);
      const partyEntries = new Map<string, { id: string; roles: Set<string> }>();
      const mention = (id: string, role: string) => {
        const entry = partyEntries.get(id) ?? { id, roles: new Set<string>() };
        entry.roles.add(role);
        partyEntries.set(id, entry);
      };
      mention(pkg.coordinatorId as string, 'buyer');
      mention(pkg.coordinatorId as string, 'procuringEntity');
      let date = pkg.proposedAt as string;
      const contractPrefix = `${ocdsIds.package(ocid)}:contract:`;
      const releaseContracts = own.map((contract) => {
        const contractId = contract.id as string;
        const ocdsContractId = strip(contractId, contractPrefix);
        mention(contract.producerId as string, 'supplier');
        mention(contract.producerId as string, 'payee');
        if ((contract.signedOn as string) > date) date = contract.signedOn as string;
        const lines = (contractLines ?? []).filter((line) => line.contractId === contractId);
        const used = new Set<string>();
        const items = lines.map((line) => {
          const tenderItem = line.packageLineId as string;
          const id = used.has(tenderItem) ? `${tenderItem}#${line.lineId as string}` : tenderItem;
          used.add(tenderItem);
          return { id, description: line.item, quantity: new Raw(String(line.quantity)), unit: { value: money(line.unitPriceMinor, contract.currency as string) } };
        });
        const payments = (transfers ?? [])
          .filter((transfer) => transfer.toAccount === `contract:${contractId}`)
          .map((transfer) => {
            if ((transfer.valueDate as string) > date) date = transfer.valueDate as string;
            mention(pkg.coordinatorId as string, 'payer');
            return {
              id: strip(transfer.transferId as string, `${contractId}:tx:`),
              date: dateTime(transfer.valueDate as string),
              value: money(transfer.amountMinor, transfer.currency as string),
              payer: { id: partyRef(pkg.coordinatorId as string), name: buyer?.name },
              payee: { id: partyRef(contract.producerId as string), name: partyById.get(contract.producerId as string)?.name },
            };
          });
        return {
          award: {
            id: `${ocdsContractId}-award`,
            status: 'active',
            date: dateTime(approvedOn.get(packageId) ?? (contract.signedOn as string)),
            value: money(contract.valueMinor, contract.currency as string),
            suppliers: [{ id: partyRef(contract.producerId as string), name: partyById.get(contract.producerId as string)?.name }],
          },
          contract: {
            id: ocdsContractId,
            awardID: `${ocdsContractId}-award`,
            status: 'active',
            value: money(contract.valueMinor, contract.currency as string),
            dateSigned: dateTime(contract.signedOn as string),
            period: { startDate: dateTime(contract.signedOn as string), endDate: dateTime(contract.deliveryDue as string) },
            items,
            implementation: { transactions: payments },
          },
        };
      });
      // Donors other than the buyer that funded the package.
      for (const transfer of transfers ?? []) {
        const from = transfer.fromAccount as string;
        if (transfer.toAccount === `package:${packageId}` && from.startsWith('donor:') && from.slice(6) !== pkg.coordinatorId) mention(from.slice(6), 'funder');
      }
      if (date > latest) latest = date;
      const lines = (packageLines ?? []).filter((line) => line.packageId === packageId);
      releases.push({
        ocid,
        id: `${ocid}-aidtrace-${date}`,
        date: dateTime(date),
        tag: ['contract', 'implementation'],
        initiationType: 'tender',
        parties: [...partyEntries.values()].map((entry) => {
          const party = partyById.get(entry.id);
          const state = party?.kind === 'state';
          return {
            id: partyRef(entry.id),
            name: party?.name ?? entry.id,
            roles: [...entry.roles],
            ...(state ? { identifier: { scheme: ocdsIds.stateScheme, id: entry.id } } : {}),
            ...(typeof party?.country === 'string' ? { address: { countryName: party.country } } : {}),
          };
        }),
        buyer: { id: partyRef(pkg.coordinatorId as string), name: buyer?.name },
        tender: {
          id: `${ocid}-tender`,
          title: pkg.title,
          status: 'complete',
          value: money(pkg.valueMinor, currency),
          tenderPeriod: { startDate: dateTime(pkg.proposedAt as string) },
          items: lines.map((line) => {
            const category = line.category as string;
            const split = category.indexOf(':');
            return {
              id: line.lineId,
              description: line.item,
              classification: split > 0 ? { scheme: category.slice(0, split), id: category.slice(split + 1) } : { scheme: ocdsIds.categoryScheme, id: category },
              quantity: new Raw(String(line.quantity)),
              unit: { value: money(line.unitValueMinor, currency) },
            };
          }),
        },
        awards: releaseContracts.map((entry) => entry.award),
        contracts: releaseContracts.map((entry) => entry.contract),
      });
    }
    await out('{\n');
    await out(`  "version": "1.1",\n  "uri": "urn:aidtrace:ocds-export",\n  "publishedDate": ${JSON.stringify(dateTime(latest))},\n`);
    await out(`  "publisher": {\n    "name": "aidtrace"\n  },\n  "releases": [`);
    for (const [index, release] of releases.entries()) await out(`${index === 0 ? '\n' : ',\n'}    ${serialize(release, '    ')}`);
    await out(`${releases.length === 0 ? '' : '\n  '}]\n}\n`);
  },
};

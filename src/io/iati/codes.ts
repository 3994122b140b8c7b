import { boundedId, idPart } from '../ids.js';

/** IATI code lists as aidtrace reads them, and ids derived from IATI identifiers. */

export type Direction = 'incoming' | 'outgoing';
export type FlowStage = 'announced' | 'committed' | 'disbursed';

/** The TransactionType code list (2.03). Types with a stage are flows of aid; the others are skipped. */
export const transactionTypes: Readonly<Record<string, { readonly name: string; readonly stage?: FlowStage; readonly direction?: Direction }>> = {
  '1': { name: 'incoming funds', stage: 'disbursed', direction: 'incoming' },
  '2': { name: 'outgoing commitment', stage: 'committed', direction: 'outgoing' },
  '3': { name: 'disbursement', stage: 'disbursed', direction: 'outgoing' },
  '4': { name: 'expenditure', stage: 'disbursed', direction: 'outgoing' },
  '5': { name: 'interest payment' },
  '6': { name: 'loan repayment' },
  '7': { name: 'reimbursement' },
  '8': { name: 'purchase of equity' },
  '9': { name: 'sale of equity' },
  '10': { name: 'credit guarantee' },
  '11': { name: 'incoming commitment', stage: 'committed', direction: 'incoming' },
  '12': { name: 'outgoing pledge', stage: 'announced', direction: 'outgoing' },
  '13': { name: 'incoming pledge', stage: 'announced', direction: 'incoming' },
};

/** The transaction type an exporter writes for a stage and direction. */
export function transactionTypeOf(stage: FlowStage, direction: Direction): string {
  if (stage === 'announced') return direction === 'outgoing' ? '12' : '13';
  if (stage === 'committed') return direction === 'outgoing' ? '2' : '11';
  return direction === 'outgoing' ? '3' : '1';
}

/** DAC 3-digit sector categories (vocabulary 2, and the first three digits of vocabulary 1 codes) → a readable category. */
const categoryGroups: readonly [category: string, codes: readonly string[]][] = [
  ['education', ['111', '112', '113', '114']],
  ['health', ['121', '122', '123', '130']],
  ['water and sanitation', ['140']],
  ['government and civil society', ['151']],
  ['conflict, peace and security', ['152']],
  ['social services', ['160']],
  ['transport and communications', ['210', '220']],
  ['energy', ['230', '231', '232', '233', '234', '235', '236']],
  ['banking and business', ['240', '250']],
  ['agriculture, forestry and fishing', ['311', '312', '313']],
  ['industry, mining, construction and trade', ['321', '322', '323', '331', '332']],
  ['environment', ['410']],
  ['multisector', ['430']],
  ['budget support', ['510']],
  ['food and commodity assistance', ['520', '530']],
  ['debt relief', ['600']],
  ['emergency response', ['720']],
  ['reconstruction', ['730']],
  ['disaster preparedness', ['740']],
  ['administrative costs of donors', ['910']],
  ['support to NGOs', ['920']],
  ['refugees in donor countries', ['930']],
];

const categoryOfCode = new Map(categoryGroups.flatMap(([category, codes]) => codes.map((code) => [code, category] as const)));
const codeOfCategory = new Map(categoryGroups.map(([category, codes]) => [category, codes[0] as string]));

export const unspecified = 'unspecified';

/** The category of a sector code in vocabulary 1 (DAC 5-digit) or 2 (DAC 3-digit); undefined for other vocabularies. */
export function categoryOfSector(vocabulary: string | undefined, code: string): string | undefined {
  const vocab = vocabulary === undefined || vocabulary === '' ? '1' : vocabulary;
  if (vocab === '1' && /^\d{5}$/.test(code)) return categoryOfCode.get(code.slice(0, 3)) ?? unspecified;
  if (vocab === '2' && /^\d{3}$/.test(code)) return categoryOfCode.get(code) ?? unspecified;
  return undefined;
}

/** The DAC 3-digit code (vocabulary 2) an exporter writes for a category, if it is one of IATI's. */
export function sectorOfCategory(category: string): string | undefined {
  return codeOfCategory.get(category);
}


/** The party id of an organisation: its IATI organisation identifier, or a slug of its name. */
export function orgId(ref: string | undefined, name: string | undefined): string | undefined {
  const trimmed = ref?.trim() ?? '';
  if (trimmed !== '') return boundedId(`org:${idPart(trimmed)}`);
  const slug = (name ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug === '') return undefined;
  return boundedId(`org:${slug}`);
}

import { z } from 'zod';
import type { Command } from '../domain/commands.js';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import { limits } from '../domain/limits.js';
import type { Money } from '../domain/money.js';
import { asCurrency, parseAmount } from '../domain/money.js';
import { evidenceRecordKinds, sourceKinds, sourceTypes, stageClaimPrefix, stageOfClaim } from '../domain/evidence.js';
import { citableKinds, type Provenance } from '../domain/provenance.js';
import { contributionKinds, contributionStages, partyKinds, partyRoles, valuationMethods } from '../domain/state.js';

/**
 * The wire form of every command, shared by the CLI, the HTTP API and the web forms.
 * A command is one JSON object: `{"id": "…", "type": "RecordTransfer", …fields}`. Amounts are
 * decimal strings in major units ("500000000.00") beside their ISO 4217 currency.
 */

const id = z.string().min(1).max(limits.idLengthMax).regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/, 'letters, digits and . _ : / @ - only');
const text = z.string().trim().min(1).max(limits.textLengthMax);
const quantity = z.number().int().min(0).max(limits.quantityMax);
const date = z.iso.date();
const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code such as "EUR"')
  .superRefine((code, ctx) => {
    try {
      asCurrency(code);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });
const decimal = z.string().regex(/^-?\d{1,20}(\.\d{1,8})?$/, 'a decimal amount such as "1250.00"');

/** Turns a decimal string into minor units of `currency`, reporting a bad precision as a field error. */
function toMinor(amount: string, code: string, ctx: z.RefinementCtx, path: (string | number)[]): bigint {
  try {
    return parseAmount(amount, code, path.join('.'));
  } catch (error) {
    const domainError = error as DomainError;
    ctx.addIssue({ code: 'custom', message: domainError.message.replace(/^[^:]*: /, ''), path, params: { errorCode: domainError.code } });
    return z.NEVER;
  }
}

const money = z.strictObject({ amount: decimal, currency }).transform((value, ctx): Money => ({
  amountMinor: toMinor(value.amount, value.currency, ctx, ['amount']),
  currency: asCurrency(value.currency),
}));

const registerParty = z.strictObject({
  type: z.literal('RegisterParty'),
  partyId: id,
  name: text,
  kind: z.enum(partyKinds),
  roles: z.array(z.enum(partyRoles)).min(1).max(limits.rolesPerPartyMax),
  country: z.string().regex(/^[A-Z]{3}$/, 'an ISO 3166 alpha-3 code such as "NLD"').optional(),
});

const grantRole = z.strictObject({
  type: z.literal('GrantRole'),
  partyId: id,
  role: z.enum(partyRoles),
});

const recordRequirement = z.strictObject({
  type: z.literal('RecordRequirement'),
  requirementId: id,
  recipientId: id,
  category: text,
  description: text,
  quantity,
  unit: text,
  priority: z.number().int().min(1).max(100_000),
  neededBy: date,
});

const proposePackage = z
  .strictObject({
    type: z.literal('ProposePackage'),
    packageId: id,
    title: text,
    recipientId: id,
    coordinatorId: id,
    currency,
    proposedAt: date,
    lines: z
      .array(
        z.strictObject({
          lineId: id,
          item: text,
          category: text,
          quantity,
          unitValue: decimal,
          requirementId: id.optional(),
          sensitive: z.boolean().optional(),
        }),
      )
      .max(limits.linesPerPackageMax),
  })
  .transform(({ lines, ...rest }, ctx) => ({
    ...rest,
    lines: lines.map(({ unitValue, ...line }, index) => ({
      ...line,
      unitValueMinor: toMinor(unitValue, rest.currency, ctx, ['lines', index, 'unitValue']),
    })),
  }));

const packageStep = <T extends string>(type: T) => z.strictObject({ type: z.literal(type), packageId: id, at: date });

const recordContribution = z.strictObject({
  type: z.literal('RecordContribution'),
  contributionId: id,
  donorId: id,
  kind: z.enum(contributionKinds),
  stage: z.enum(['announced', 'committed', 'disbursed', 'delivered']),
  value: money,
  at: date,
  category: text,
  description: text,
  packageId: id.optional(),
  recipientId: id.optional(),
  valuationMethod: z.enum(valuationMethods).optional(),
  quantity: quantity.optional(),
  unit: text.optional(),
  coalition: text.optional(),
});

const advanceContribution = z.strictObject({
  type: z.literal('AdvanceContribution'),
  contributionId: id,
  stage: z.enum(contributionStages),
  at: date,
  amount: decimal.optional(),
  reason: text.optional(),
});

const recordTransfer = z.strictObject({
  type: z.literal('RecordTransfer'),
  fromAccount: id,
  toAccount: id,
  amount: money,
  valueDate: date,
  contributionId: id.optional(),
  memo: text.optional(),
});

const convertCurrency = z.strictObject({
  type: z.literal('ConvertCurrency'),
  accountId: id,
  sold: money,
  bought: money,
  valueDate: date,
});

const signContract = z
  .strictObject({
    type: z.literal('SignContract'),
    contractId: id,
    packageId: id,
    producerId: id,
    currency,
    signedOn: date,
    deliveryDue: date,
    lines: z
      .array(z.strictObject({ lineId: id, packageLineId: id, quantity, unitPrice: decimal }))
      .max(limits.linesPerContractMax),
  })
  .transform(({ lines, ...rest }, ctx) => ({
    ...rest,
    lines: lines.map(({ unitPrice, ...line }, index) => ({
      ...line,
      unitPriceMinor: toMinor(unitPrice, rest.currency, ctx, ['lines', index, 'unitPrice']),
    })),
  }));

const dispatchShipment = z.strictObject({
  type: z.literal('DispatchShipment'),
  shipmentId: id,
  contractId: id,
  dispatchedAt: date,
  expectedBy: date,
  route: text.optional(),
  lines: z.array(z.strictObject({ contractLineId: id, quantity })).max(limits.linesPerShipmentMax),
});

const recordMilestone = z.strictObject({
  type: z.literal('RecordMilestone'),
  shipmentId: id,
  kind: z.enum(['at_hub', 'handed_over']),
  at: date,
  location: text.optional(),
});

const recordReceipt = z.strictObject({
  type: z.literal('RecordReceipt'),
  receiptId: id,
  shipmentId: id,
  receivedAt: date,
  lines: z
    .array(z.strictObject({ contractLineId: id, accepted: quantity, rejected: quantity, reason: text.optional() }))
    .min(1)
    .max(limits.linesPerShipmentMax),
});

const recordDefenceSpending = z.strictObject({
  type: z.literal('RecordDefenceSpending'),
  country: z.string().regex(/^[A-Z]{3}$/, 'an ISO 3166 alpha-3 code such as "NLD"'),
  year: z.number().int().min(1949).max(2100),
  spending: money,
  gdp: money,
  source: text.optional(),
});

const recordFxRate = z.strictObject({
  type: z.literal('RecordFxRate'),
  date,
  base: currency,
  quote: currency,
  rate: z.string().regex(/^\d{1,12}(\.\d{1,12})?$/, 'a positive decimal such as "1.0825"'),
});

const recordDefenceShare = z.strictObject({
  type: z.literal('RecordDefenceShare'),
  country: recordDefenceSpending.shape.country,
  year: recordDefenceSpending.shape.year,
  percentOfGdp: z.string().regex(/^\d{1,3}(\.\d{1,4})?$/, 'a percentage such as "2.05"'),
  estimate: z.boolean().optional(),
});

const citeSource = z.strictObject({
  type: z.literal('CiteSource'),
  recordKind: z.enum(citableKinds),
  recordId: id,
  note: text.optional(),
});

const bounded = (max: number) => z.string().trim().min(1).max(max);

const recordSource = z.strictObject({
  type: z.literal('RecordSource'),
  sourceId: id,
  kind: z.enum(sourceKinds),
  publisher: bounded(limits.publisherMax).optional(),
  title: bounded(limits.sourceTitleMax),
  publishedOn: date,
  locator: bounded(limits.locatorMax),
  author: bounded(limits.publisherMax).optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as "en" or "uk"').optional(),
  story: id.optional(),
});

const linkEvidence = z.strictObject({
  type: z.literal('LinkEvidence'),
  recordKind: z.enum(evidenceRecordKinds),
  recordId: id,
  sourceId: id,
  // The exact words: not trimmed, so that offsets into the source still hold.
  excerpt: z.string().min(1).max(limits.excerptMax).regex(/\S/, 'the words of the source, not only spaces'),
  offsets: z.strictObject({ start: z.number().int().min(0), end: z.number().int().min(1) }).optional(),
  sourceType: z.enum(sourceTypes),
  speaker: bounded(limits.publisherMax).optional(),
  speakerRole: bounded(limits.publisherMax).optional(),
  // What it supports: "amount", "date" …; `stage:STAGE` ties it to one stage of a contribution
  // (stage:committed, stage:disbursed), any other claim backs the record as a whole.
  claim: bounded(limits.idLengthMax)
    .refine((claim) => !claim.startsWith(stageClaimPrefix) || stageOfClaim(claim) !== null, {
      message: `"${stageClaimPrefix}" is followed by a contribution stage: ${contributionStages.join(', ')}`,
    })
    .optional(),
});

/** Where an imported record came from; sent beside `id` on any command. */
export const provenanceSchema = z.strictObject({
  dataset: text,
  file: text,
  locator: text,
  publisher: text.optional(),
  publisherRef: z.string().trim().min(1).max(limits.textLengthMax).optional(),
});

export const commandSchema = z.discriminatedUnion('type', [
  registerParty,
  grantRole,
  recordRequirement,
  proposePackage,
  packageStep('ApprovePackage'),
  packageStep('ClosePackage'),
  packageStep('CancelPackage').extend({ reason: text }),
  recordContribution,
  advanceContribution,
  recordTransfer,
  convertCurrency,
  signContract,
  dispatchShipment,
  recordMilestone,
  recordReceipt,
  recordDefenceSpending,
  recordFxRate,
  recordDefenceShare,
  citeSource,
  recordSource,
  linkEvidence,
]);

export const commandTypes = commandSchema.options.map((option) => ('shape' in option ? option.shape.type.value : option.in.shape.type.value));

/** A validated command and the client's id for it. */
export interface CommandEnvelope {
  readonly commandId: string;
  readonly command: Command;
}

function zodMessage(error: z.ZodError): { code: ErrorCode; message: string; path: string } {
  const issue = error.issues[0] as z.core.$ZodIssue;
  const where = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] as string] : issue.path;
  const path = where.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('');
  // A rule from the domain (such as a currency's decimal places) keeps its own code.
  const code = issue.code === 'custom' ? ((issue.params as { errorCode?: ErrorCode } | undefined)?.errorCode ?? 'VALIDATION_FAILED') : 'VALIDATION_FAILED';
  return { code, message: `${path || 'command'}: ${issue.message}`, path };
}

/**
 * Validates one command in its wire form. Throws a DomainError naming the first bad field:
 * `parseCommand({id: 'c1', type: 'RecordTransfer', …})`.
 */
export function parseCommand(input: unknown): CommandEnvelope {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new DomainError('VALIDATION_FAILED', 'command: expected a JSON object', '');
  }
  const { id: commandId, provenance, ...body } = input as Record<string, unknown>;
  const idResult = id.safeParse(commandId);
  if (!idResult.success) {
    throw new DomainError('VALIDATION_FAILED', `id: every command needs a client id (${idResult.error.issues[0]?.message})`, 'id');
  }
  const result = commandSchema.safeParse(body);
  if (!result.success) {
    const { code, message, path } = zodMessage(result.error);
    throw new DomainError(code, message, path);
  }
  if (provenance === undefined) return { commandId: idResult.data, command: result.data as Command };
  const source = provenanceSchema.safeParse(provenance);
  if (!source.success) {
    const { message, path } = zodMessage(source.error);
    throw new DomainError('VALIDATION_FAILED', `provenance.${message}`, `provenance.${path}`);
  }
  return { commandId: idResult.data, command: { ...(result.data as Command), provenance: source.data as Provenance } };
}

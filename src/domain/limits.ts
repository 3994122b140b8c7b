/** Every limit the rules enforce, in one place (TigerBeetle style: a bound on everything). */
export const limits = {
  linesPerPackageMax: 500,
  linesPerContractMax: 500,
  linesPerShipmentMax: 500,
  rolesPerPartyMax: 4,
  eventsPerCommandMax: 8,
  quantityMax: 1_000_000_000,
  textLengthMax: 2000,
  /** Sources and evidence (evidence.ts): a title, a publisher or a person's name and role, a URL or file locator, an excerpt. */
  sourceTitleMax: 500,
  publisherMax: 200,
  locatorMax: 2000,
  excerptMax: 2000,
  idLengthMax: 128,
  commandsPerBatchMax: 100_000,
  tokenDaysMax: 366,
} as const;

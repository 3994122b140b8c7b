/** Every limit the rules enforce, in one place (TigerBeetle style: a bound on everything). */
export const limits = {
  linesPerPackageMax: 500,
  linesPerContractMax: 500,
  linesPerShipmentMax: 500,
  rolesPerPartyMax: 4,
  eventsPerCommandMax: 8,
  quantityMax: 1_000_000_000,
  textLengthMax: 2000,
  idLengthMax: 128,
  commandsPerBatchMax: 100_000,
  tokenDaysMax: 366,
} as const;

/**
 * A demonstration ledger built around NATO's PURL mechanism (Prioritized Ukraine Requirements
 * List) of 2025: Ukraine lists its needs, NATO coordinates packages, allies fund them, and the
 * United States supplies US-made equipment. Load it with `aidtrace apply` or feed
 * `demoCommands()` through `parseCommand` and `Ledger.execute`.
 *
 * Public facts used (as reported in August/September 2025):
 * - the Netherlands funded the first PURL package, about €500 million, announced 4 August 2025,
 *   for air defence including Patriot components;
 * - Denmark, Norway and Sweden together funded a package of about US$500 million, announced 5 August 2025;
 * - Germany funded a US$500 million package, announced 13 August 2025;
 * - Canada committed about C$680 million (about US$500 million) to PURL, announced 24 August 2025;
 * - 26 countries pledged contributions to a post-ceasefire reassurance force (the "Coalition of the
 *   Willing", Multinational Force Ukraine) at the Paris meeting of 4 September 2025;
 * - the defence-spending shares of GDP approximate NATO's published estimates for 2023–2025.
 *
 * Everything else is illustrative: the requirement list, the line items, quantities and unit values,
 * the split of the Nordic package between the three donors, the fifth package and its pledges, the
 * contracts, payment schedules, shipments, receipts, rejections and delays, the in-kind and capability
 * contributions, the producer company, and the GDP figures (chosen to give the published shares).
 * Exchange rates are approximate ECB reference rates, not official fixings.
 */

export const demoDescription =
  'A PURL ledger from pledge to accepted receipt: Ukraine (UKR) records prioritized requirements, NATO coordinates ' +
  'packages of US-made equipment, allies fund them and the United States supplies them through the Rzeszów logistics hub in Poland. ' +
  'Public facts: the Netherlands funded the first PURL package of about EUR 500 million (announced 4 August 2025, air defence ' +
  'including Patriot components); Denmark, Norway and Sweden together funded about USD 500 million (5 August 2025); Germany ' +
  'funded USD 500 million (announced 13 August 2025); Canada committed about CAD 680 million, roughly USD 500 million ' +
  '(announced 24 August 2025); allies pledged contributions to the Coalition of the Willing\'s planned Multinational Force Ukraine ' +
  '(Paris, 4 September 2025); defence-spending shares of GDP follow NATO estimates approximately. ' +
  'Illustrative (invented): the requirement list, line items, quantities and unit values, the per-country split of the Nordic package, ' +
  'the fifth package (PURL-ILL-5) and its pledges including the revised-down Norwegian pledge, all contracts, payments, shipments, ' +
  'receipts, the rejected rockets, the overdue shipment, the unmatched German-package payment, the in-kind and capability contributions, ' +
  'the producer company "US defence manufacturer A" and the GDP figures; exchange rates are approximate ECB reference rates. ' +
  'Ledger date of reference: 2026-06-30.';

type Wire = Record<string, unknown>;

/** A money field in wire form: whole major units as a number, or an exact decimal string. */
function m(amount: number | string, currency: string): { amount: string; currency: string } {
  if (typeof amount === 'number') {
    if (!Number.isSafeInteger(amount)) throw new Error(`demo amount ${amount} must be a whole number; write cents as a string`);
    return { amount: `${amount}.00`, currency };
  }
  return { amount, currency };
}

const usd = (amount: number | string) => m(amount, 'USD');

const hub = 'Rzeszów-Jasionka logistics hub, Poland';
const handover = 'Handover to the Armed Forces of Ukraine at the Poland–Ukraine border (illustrative)';
const route = 'United States → Rzeszów (Poland) → Ukraine';
const natoSource = 'NATO defence expenditure estimates (approximate)';
const coalition = 'Coalition of the Willing — Multinational Force Ukraine';

/**
 * Defence spending with GDP in millions of national currency and the share in basis points;
 * spending = GDP × share, so the recorded share matches the estimate to the basis point.
 */
function spending(country: string, year: number, currency: string, gdpMillions: number, shareBasisPoints: number): Wire {
  const spendingMillions = Math.round((gdpMillions * shareBasisPoints) / 10_000);
  return {
    type: 'RecordDefenceSpending',
    country,
    year,
    spending: m(spendingMillions * 1_000_000, currency),
    gdp: m(gdpMillions * 1_000_000, currency),
    source: natoSource,
  };
}

/**
 * The demo's commands in the order they apply, each with a stable id "demo-0001", "demo-0002", ….
 * Reference data (parties, spending) comes first, then everything else in date order.
 */
export function demoCommands(): readonly Record<string, unknown>[] {
  const entries: { readonly key: string; readonly command: Wire }[] = [];
  /** `key` orders the log: '' for reference data, otherwise the command's own date. */
  const add = (key: string, command: Wire): Wire => {
    entries.push({ key, command });
    return command;
  };
  /** Evidence about a transfer names it by its command's id, known only once the log is ordered. */
  const recordOf = new Map<Wire, Wire>();

  // ── Parties ────────────────────────────────────────────────────────────────────────────
  const state = (partyId: string, name: string, roles: string[]) =>
    add('', { type: 'RegisterParty', partyId, name, kind: 'state', roles, country: partyId });
  state('UKR', 'Ukraine', ['recipient']);
  add('', { type: 'RegisterParty', partyId: 'NATO', name: 'NATO (PURL coordination)', kind: 'organisation', roles: ['coordinator'] });
  state('USA', 'United States (US Government, sales from production and stocks)', ['producer']);
  add('', {
    type: 'RegisterParty',
    partyId: 'US-MFR-A',
    name: 'US defence manufacturer A (illustrative)',
    kind: 'company',
    roles: ['producer'],
    country: 'USA',
  });
  state('NLD', 'Netherlands', ['donor']);
  state('DNK', 'Denmark', ['donor']);
  state('NOR', 'Norway', ['donor']);
  state('SWE', 'Sweden', ['donor']);
  state('DEU', 'Germany', ['donor']);
  state('CAN', 'Canada', ['donor']);
  state('GBR', 'United Kingdom', ['donor']);
  state('FRA', 'France', ['donor']);

  // ── Defence spending, 2023–2025: GDP in millions of national currency, share in basis points ──
  const spendingRows: [string, string, [number, number][]][] = [
    ['POL', 'PLN', [[3_410_000, 383], [3_640_000, 412], [3_900_000, 448]]],
    ['EST', 'EUR', [[38_200, 273], [39_700, 343], [41_000, 338]]],
    ['USA', 'USD', [[27_720_000, 336], [29_180_000, 338], [30_300_000, 322]]],
    ['DEU', 'EUR', [[4_185_000, 152], [4_305_000, 212], [4_420_000, 240]]],
    ['NLD', 'EUR', [[1_033_000, 164], [1_100_000, 205], [1_150_000, 222]]],
    ['ESP', 'EUR', [[1_498_000, 124], [1_590_000, 128], [1_670_000, 200]]],
    ['DNK', 'DKK', [[2_800_000, 165], [2_900_000, 237], [3_000_000, 322]]],
    ['NOR', 'NOK', [[5_150_000, 162], [5_200_000, 220], [5_300_000, 335]]],
    ['SWE', 'SEK', [[6_270_000, 154], [6_430_000, 214], [6_650_000, 280]]],
  ];
  for (const [country, currency, years] of spendingRows) {
    years.forEach(([gdp, share], index) => add('', spending(country, 2023 + index, currency, gdp, share)));
  }

  // ── Exchange rates: 1 EUR = rate quote; approximate ECB reference rates ────────────────────
  const fx = (date: string, rates: Record<string, string>) => {
    for (const [quote, rate] of Object.entries(rates)) add(date, { type: 'RecordFxRate', date, base: 'EUR', quote, rate });
  };
  fx('2025-08-04', { USD: '1.1570', DKK: '7.4630', NOK: '11.8320', SEK: '11.1590', CAD: '1.5940', GBP: '0.8700', PLN: '4.2700' });
  fx('2025-08-11', { USD: '1.1600' });
  fx('2025-08-13', { USD: '1.1700' });
  fx('2025-09-04', { USD: '1.1650', CAD: '1.6100' });
  fx('2025-10-01', { USD: '1.1730', DKK: '7.4640', NOK: '11.7000', SEK: '11.0200', CAD: '1.6330', GBP: '0.8730', PLN: '4.2650' });
  fx('2025-12-01', { USD: '1.1600', DKK: '7.4690', NOK: '11.7500', SEK: '10.9500', CAD: '1.6250', GBP: '0.8780', PLN: '4.2300' });

  // ── Ukraine's prioritized requirements (illustrative) ────────────────────────────────────
  const requirement = (n: number, category: string, description: string, quantity: number, unit: string, neededBy: string) =>
    add('2025-07-31', {
      type: 'RecordRequirement',
      requirementId: `REQ-UKR-${String(n).padStart(2, '0')}`,
      recipientId: 'UKR',
      category,
      description,
      quantity,
      unit,
      priority: n,
      neededBy,
    });
  requirement(1, 'air_defence', 'Patriot PAC-3 MSE interceptors', 300, 'missile', '2025-12-31');
  requirement(2, 'air_defence', 'Patriot system components and spare-part sets', 20, 'set', '2025-11-30');
  requirement(3, 'air_defence', 'AIM-120 AMRAAM interceptors for NASAMS', 300, 'missile', '2026-03-31');
  requirement(4, 'artillery', '155 mm artillery ammunition', 500_000, 'round', '2026-06-30');
  requirement(5, 'long_range_fires', 'GMLRS rockets for HIMARS', 3_000, 'rocket', '2026-03-31');
  requirement(6, 'radar', 'Counter-battery radars (AN/TPQ class)', 12, 'system', '2026-02-28');
  requirement(7, 'radar', 'Air-surveillance radars (Sentinel class)', 10, 'system', '2026-04-30');
  requirement(8, 'drones', 'Loitering munitions', 5_000, 'unit', '2026-01-31');
  requirement(9, 'sustainment', 'HIMARS launcher spare parts and repair kits', 2, 'lot', '2026-06-30');

  // Unit values used across packages (illustrative, in USD unless said otherwise).
  const pac3 = 4_200_000;
  const amraam = 1_300_000;
  const gmlrs = 168_000;
  const round155 = 6_400;
  const counterBattery = 12_500_000;
  const sentinel = 16_000_000;
  const patriotSet = 18_000_000;
  const loitering = 110_000;

  // Small builders for the recurring commands.
  const propose = (packageId: string, title: string, currency: string, proposedAt: string, lines: Wire[]) =>
    add(proposedAt, { type: 'ProposePackage', packageId, title, recipientId: 'UKR', coordinatorId: 'NATO', currency, proposedAt, lines });
  const line = (lineId: string, item: string, category: string, quantity: number, unitValue: number, requirementId: string, sensitive?: boolean): Wire => ({
    lineId,
    item,
    category,
    quantity,
    unitValue: `${unitValue}.00`,
    requirementId,
    ...(sensitive === undefined ? {} : { sensitive }),
  });
  const approve = (packageId: string, at: string) => add(at, { type: 'ApprovePackage', packageId, at });
  const contribute = (at: string, fields: Wire) => add(at, { type: 'RecordContribution', at, ...fields });
  const advance = (at: string, contributionId: string, stage: string, extra: Wire = {}) =>
    add(at, { type: 'AdvanceContribution', contributionId, stage, at, ...extra });
  const transfer = (valueDate: string, fromAccount: string, toAccount: string, amount: Wire, extra: Wire = {}) =>
    add(valueDate, { type: 'RecordTransfer', fromAccount, toAccount, amount, valueDate, ...extra });
  const sign = (contractId: string, packageId: string, producerId: string, signedOn: string, deliveryDue: string, lines: [string, string, number, number][]) =>
    add(signedOn, {
      type: 'SignContract',
      contractId,
      packageId,
      producerId,
      currency: 'USD',
      signedOn,
      deliveryDue,
      lines: lines.map(([lineId, packageLineId, quantity, unitPrice]) => ({ lineId, packageLineId, quantity, unitPrice: `${unitPrice}.00` })),
    });
  const pay = (valueDate: string, packageId: string, contractId: string, amount: number, memo: string) =>
    transfer(valueDate, `package:${packageId}`, `contract:${contractId}`, usd(amount), { memo });
  const dispatch = (shipmentId: string, contractId: string, dispatchedAt: string, expectedBy: string, lines: [string, number][]) =>
    add(dispatchedAt, {
      type: 'DispatchShipment',
      shipmentId,
      contractId,
      dispatchedAt,
      expectedBy,
      route,
      lines: lines.map(([contractLineId, quantity]) => ({ contractLineId, quantity })),
    });
  const milestone = (shipmentId: string, kind: 'at_hub' | 'handed_over', at: string) =>
    add(at, { type: 'RecordMilestone', shipmentId, kind, at, location: kind === 'at_hub' ? hub : handover });
  const receipt = (receiptId: string, shipmentId: string, receivedAt: string, lines: Wire[]) =>
    add(receivedAt, { type: 'RecordReceipt', receiptId, shipmentId, receivedAt, lines });
  const accepted = (contractLineId: string, quantity: number): Wire => ({ contractLineId, accepted: quantity, rejected: 0 });

  // ── Package 1: the Netherlands, about EUR 500 million, air defence (public), delivered and closed ──
  // Funded in EUR, converted to USD on the package account, paid to the US Government in USD.
  propose('PURL-NLD-1', 'PURL package 1 — air defence incl. Patriot components (Netherlands-funded)', 'EUR', '2025-08-01', [
    line('L-1', 'Patriot PAC-3 MSE interceptor', 'air_defence', 80, 3_600_000, 'REQ-UKR-01', true),
    line('L-2', 'Patriot components and spare-part set', 'air_defence', 8, 15_000_000, 'REQ-UKR-02'),
    line('L-3', 'AIM-120 AMRAAM interceptor for NASAMS', 'air_defence', 80, 1_150_000, 'REQ-UKR-03'),
  ]);
  contribute('2025-08-04', {
    contributionId: 'CON-NLD-1',
    donorId: 'NLD',
    kind: 'money',
    stage: 'announced',
    value: m(500_000_000, 'EUR'),
    category: 'purl_funding',
    description: 'Dutch funding of the first PURL package (public: about EUR 500 million, announced 4 August 2025)',
    packageId: 'PURL-NLD-1',
    recipientId: 'UKR',
  });
  approve('PURL-NLD-1', '2025-08-04');
  advance('2025-08-05', 'CON-NLD-1', 'committed');
  const nldPayment = transfer('2025-08-08', 'donor:NLD', 'package:PURL-NLD-1', m(500_000_000, 'EUR'), {
    contributionId: 'CON-NLD-1',
    memo: 'Dutch payment into the NATO PURL account (date illustrative)',
  });
  add('2025-08-11', {
    type: 'ConvertCurrency',
    accountId: 'package:PURL-NLD-1',
    sold: m(500_000_000, 'EUR'),
    bought: usd(580_000_000),
    valueDate: '2025-08-11',
  });
  sign('C-NLD-1', 'PURL-NLD-1', 'USA', '2025-08-20', '2025-11-30', [
    ['CL-1', 'L-1', 80, pac3],
    ['CL-2', 'L-2', 8, 17_500_000],
    ['CL-3', 'L-3', 80, amraam],
  ]);
  pay('2025-08-25', 'PURL-NLD-1', 'C-NLD-1', 348_000_000, 'advance, 60% of the contract (illustrative)');
  dispatch('S-NLD-1', 'C-NLD-1', '2025-09-08', '2025-09-30', [['CL-2', 8], ['CL-3', 40]]);
  milestone('S-NLD-1', 'at_hub', '2025-09-22');
  milestone('S-NLD-1', 'handed_over', '2025-09-25');
  receipt('R-NLD-1', 'S-NLD-1', '2025-09-26', [accepted('CL-2', 8), accepted('CL-3', 40)]);
  dispatch('S-NLD-2', 'C-NLD-1', '2025-10-14', '2025-11-07', [['CL-1', 80], ['CL-3', 40]]);
  milestone('S-NLD-2', 'at_hub', '2025-10-30');
  milestone('S-NLD-2', 'handed_over', '2025-11-03');
  receipt('R-NLD-2', 'S-NLD-2', '2025-11-05', [accepted('CL-1', 80), accepted('CL-3', 40)]);
  pay('2025-11-14', 'PURL-NLD-1', 'C-NLD-1', 232_000_000, 'balance on full acceptance (illustrative)');
  add('2025-12-01', { type: 'ClosePackage', packageId: 'PURL-NLD-1', at: '2025-12-01' });

  // ── Package 2: Denmark, Norway, Sweden, about USD 500 million (public); split illustrative ──
  // A rejected line, and a shipment dispatched in March 2026 that never arrived.
  propose('PURL-NORDIC-1', 'PURL package 2 — fires, air defence and radars (Denmark, Norway, Sweden)', 'USD', '2025-08-04', [
    line('L-1', 'GMLRS rocket for HIMARS', 'long_range_fires', 1_000, gmlrs, 'REQ-UKR-05'),
    line('L-2', '155 mm artillery round', 'artillery', 30_000, round155, 'REQ-UKR-04'),
    line('L-3', 'Counter-battery radar (AN/TPQ class)', 'radar', 6, counterBattery, 'REQ-UKR-06'),
    line('L-4', 'AIM-120 AMRAAM interceptor for NASAMS', 'air_defence', 40, amraam, 'REQ-UKR-03'),
    line('L-5', 'HIMARS launcher spare parts and repair kits', 'sustainment', 1, 13_000_000, 'REQ-UKR-09'),
  ]);
  const nordic: [string, string, number][] = [
    ['CON-DNK-1', 'DNK', 190_000_000],
    ['CON-NOR-1', 'NOR', 160_000_000],
    ['CON-SWE-1', 'SWE', 150_000_000],
  ];
  for (const [contributionId, donorId, amount] of nordic) {
    contribute('2025-08-05', {
      contributionId,
      donorId,
      kind: 'money',
      stage: 'announced',
      value: usd(amount),
      category: 'purl_funding',
      description: `${donorId} share of the joint Nordic PURL package (public total about USD 500 million, 5 August 2025; this share is illustrative)`,
      packageId: 'PURL-NORDIC-1',
      recipientId: 'UKR',
    });
  }
  approve('PURL-NORDIC-1', '2025-08-05');
  for (const [contributionId] of nordic) advance('2025-08-12', contributionId, 'committed');
  transfer('2025-08-18', 'donor:DNK', 'package:PURL-NORDIC-1', usd(190_000_000), { contributionId: 'CON-DNK-1' });
  transfer('2025-08-19', 'donor:NOR', 'package:PURL-NORDIC-1', usd(160_000_000), { contributionId: 'CON-NOR-1' });
  transfer('2025-08-20', 'donor:SWE', 'package:PURL-NORDIC-1', usd(100_000_000), { contributionId: 'CON-SWE-1', memo: 'first tranche' });
  transfer('2025-09-03', 'donor:SWE', 'package:PURL-NORDIC-1', usd(50_000_000), { contributionId: 'CON-SWE-1', memo: 'second tranche' });
  sign('C-NORDIC-1', 'PURL-NORDIC-1', 'USA', '2025-09-10', '2026-04-30', [
    ['CL-1', 'L-1', 1_000, gmlrs],
    ['CL-2', 'L-4', 40, amraam],
    ['CL-3', 'L-5', 1, 13_000_000],
  ]);
  sign('C-NORDIC-2', 'PURL-NORDIC-1', 'US-MFR-A', '2025-09-12', '2026-01-31', [
    ['CL-1', 'L-2', 30_000, round155],
    ['CL-2', 'L-3', 6, counterBattery],
  ]);
  pay('2025-09-15', 'PURL-NORDIC-1', 'C-NORDIC-1', 116_500_000, 'first instalment (illustrative)');
  pay('2025-09-16', 'PURL-NORDIC-1', 'C-NORDIC-2', 133_500_000, 'first instalment (illustrative)');
  dispatch('S-NORDIC-1', 'C-NORDIC-1', '2025-10-06', '2025-11-10', [['CL-1', 500], ['CL-2', 40]]);
  milestone('S-NORDIC-1', 'at_hub', '2025-10-27');
  milestone('S-NORDIC-1', 'handed_over', '2025-10-31');
  receipt('R-NORDIC-1', 'S-NORDIC-1', '2025-11-03', [
    {
      contractLineId: 'CL-1',
      accepted: 488,
      rejected: 12,
      reason: 'Two launch pod containers (12 rockets) damaged in transit failed acceptance inspection; returned to the producer (illustrative)',
    },
    accepted('CL-2', 40),
  ]);
  dispatch('S-NORDIC-2', 'C-NORDIC-2', '2025-11-17', '2025-12-19', [['CL-1', 30_000], ['CL-2', 6]]);
  milestone('S-NORDIC-2', 'at_hub', '2025-12-09');
  milestone('S-NORDIC-2', 'handed_over', '2025-12-12');
  receipt('R-NORDIC-2', 'S-NORDIC-2', '2025-12-15', [accepted('CL-1', 30_000), accepted('CL-2', 6)]);
  pay('2025-12-22', 'PURL-NORDIC-1', 'C-NORDIC-2', 133_500_000, 'balance on acceptance (illustrative)');
  pay('2026-01-20', 'PURL-NORDIC-1', 'C-NORDIC-1', 116_500_000, 'second instalment (illustrative)');
  // Dispatched, expected by mid-April 2026, never reported at the hub or handed over: overdue.
  dispatch('S-NORDIC-3', 'C-NORDIC-1', '2026-03-02', '2026-04-10', [['CL-1', 500], ['CL-3', 1]]);

  // ── Package 3: Germany, USD 500 million (public); paid in part, nothing delivered by the due date ──
  propose('PURL-DEU-1', 'PURL package 3 — Patriot interceptors, radars and rockets (Germany-funded)', 'USD', '2025-08-12', [
    line('L-1', 'Patriot PAC-3 MSE interceptor', 'air_defence', 60, pac3, 'REQ-UKR-01', true),
    line('L-2', 'Air-surveillance radar (Sentinel class)', 'radar', 8, sentinel, 'REQ-UKR-07'),
    line('L-3', 'GMLRS rocket for HIMARS', 'long_range_fires', 500, gmlrs, 'REQ-UKR-05'),
    line('L-4', 'Patriot components and spare-part set', 'air_defence', 2, patriotSet, 'REQ-UKR-02'),
  ]);
  contribute('2025-08-13', {
    contributionId: 'CON-DEU-1',
    donorId: 'DEU',
    kind: 'money',
    stage: 'announced',
    value: usd(500_000_000),
    category: 'purl_funding',
    description: 'German funding of a PURL package (public: USD 500 million, announced 13 August 2025)',
    packageId: 'PURL-DEU-1',
    recipientId: 'UKR',
  });
  approve('PURL-DEU-1', '2025-08-14');
  advance('2025-08-27', 'CON-DEU-1', 'committed');
  transfer('2025-09-01', 'donor:DEU', 'package:PURL-DEU-1', usd(500_000_000), { contributionId: 'CON-DEU-1' });
  sign('C-DEU-1', 'PURL-DEU-1', 'USA', '2025-09-22', '2026-03-31', [
    ['CL-1', 'L-1', 60, pac3],
    ['CL-2', 'L-2', 8, sentinel],
    ['CL-3', 'L-3', 500, gmlrs],
    ['CL-4', 'L-4', 2, patriotSet],
  ]);
  pay('2025-09-26', 'PURL-DEU-1', 'C-DEU-1', 300_000_000, 'advance (illustrative)');
  pay('2026-01-12', 'PURL-DEU-1', 'C-DEU-1', 100_000_000, 'progress payment (illustrative)');

  // ── Package 4: Canada, CAD 680 million ≈ USD 500 million (public); paid in CAD, converted ──
  propose('PURL-CAN-1', 'PURL package 4 — drones, radars and munitions (Canada-funded)', 'USD', '2025-08-22', [
    line('L-1', 'Loitering munition', 'drones', 1_600, loitering, 'REQ-UKR-08'),
    line('L-2', 'Counter-battery radar (AN/TPQ class)', 'radar', 4, counterBattery, 'REQ-UKR-06'),
    line('L-3', 'GMLRS rocket for HIMARS', 'long_range_fires', 1_000, gmlrs, 'REQ-UKR-05'),
    line('L-4', '155 mm artillery round', 'artillery', 15_000, round155, 'REQ-UKR-04'),
  ]);
  contribute('2025-08-24', {
    contributionId: 'CON-CAN-1',
    donorId: 'CAN',
    kind: 'money',
    stage: 'announced',
    value: m(680_000_000, 'CAD'),
    category: 'purl_funding',
    description: 'Canadian funding for PURL (public: about CAD 680 million, roughly USD 500 million, announced 24 August 2025)',
    packageId: 'PURL-CAN-1',
    recipientId: 'UKR',
  });
  approve('PURL-CAN-1', '2025-08-26');
  advance('2025-09-02', 'CON-CAN-1', 'committed');
  transfer('2025-09-04', 'donor:CAN', 'package:PURL-CAN-1', m(680_000_000, 'CAD'), { contributionId: 'CON-CAN-1' });
  // 680,000,000 CAD × 1.1650 / 1.6100 (EUR cross rates of 2025-09-04) = 492,049,689.44 USD.
  add('2025-09-04', {
    type: 'ConvertCurrency',
    accountId: 'package:PURL-CAN-1',
    sold: m(680_000_000, 'CAD'),
    bought: usd('492049689.44'),
    valueDate: '2025-09-04',
  });
  sign('C-CAN-1', 'PURL-CAN-1', 'US-MFR-A', '2025-10-01', '2026-08-31', [
    ['CL-1', 'L-1', 1_600, loitering],
    ['CL-2', 'L-2', 4, counterBattery],
  ]);
  sign('C-CAN-2', 'PURL-CAN-1', 'USA', '2025-10-03', '2026-09-30', [
    ['CL-1', 'L-3', 1_000, gmlrs],
    ['CL-2', 'L-4', 15_000, round155],
  ]);
  pay('2025-10-06', 'PURL-CAN-1', 'C-CAN-1', 113_000_000, 'advance (illustrative)');
  pay('2025-10-08', 'PURL-CAN-1', 'C-CAN-2', 132_000_000, 'advance (illustrative)');
  dispatch('S-CAN-1', 'C-CAN-1', '2026-02-02', '2026-03-06', [['CL-1', 800]]);
  milestone('S-CAN-1', 'at_hub', '2026-02-24');
  milestone('S-CAN-1', 'handed_over', '2026-02-27');
  receipt('R-CAN-1', 'S-CAN-1', '2026-03-02', [accepted('CL-1', 800)]);

  // ── Package 5 (illustrative): approved, still awaiting most of its funding ───────────────
  propose('PURL-ILL-5', 'PURL package 5 (illustrative) — air-defence interceptors', 'USD', '2026-03-16', [
    line('L-1', 'Patriot PAC-3 MSE interceptor', 'air_defence', 60, pac3, 'REQ-UKR-01', true),
    line('L-2', 'AIM-120 AMRAAM interceptor for NASAMS', 'air_defence', 100, amraam, 'REQ-UKR-03'),
    line('L-3', 'Patriot components and spare-part set', 'air_defence', 1, patriotSet, 'REQ-UKR-02'),
  ]);
  approve('PURL-ILL-5', '2026-03-20');
  contribute('2026-03-20', {
    contributionId: 'CON-NOR-2',
    donorId: 'NOR',
    kind: 'money',
    stage: 'announced',
    value: usd(150_000_000),
    category: 'purl_funding',
    description: 'Norwegian pledge to PURL package 5 (illustrative)',
    packageId: 'PURL-ILL-5',
    recipientId: 'UKR',
  });
  advance('2026-04-02', 'CON-NOR-2', 'committed');
  contribute('2026-04-08', {
    contributionId: 'CON-DNK-2',
    donorId: 'DNK',
    kind: 'money',
    stage: 'committed',
    value: usd(50_000_000),
    category: 'purl_funding',
    description: 'Danish pledge to PURL package 5 (illustrative)',
    packageId: 'PURL-ILL-5',
    recipientId: 'UKR',
  });
  contribute('2026-04-10', {
    contributionId: 'CON-SWE-2',
    donorId: 'SWE',
    kind: 'money',
    stage: 'announced',
    value: usd(120_000_000),
    category: 'purl_funding',
    description: 'Swedish pledge to PURL package 5, announced and not yet committed (illustrative)',
    packageId: 'PURL-ILL-5',
    recipientId: 'UKR',
  });
  // A commitment revised down: the stage goes backwards and says why.
  advance('2026-05-15', 'CON-NOR-2', 'committed', {
    amount: '100000000.00',
    reason: 'Commitment reduced from USD 150 million to USD 100 million after a supplementary budget revision; remainder deferred to a later package (illustrative)',
  });
  transfer('2026-05-20', 'donor:DNK', 'package:PURL-ILL-5', usd(25_000_000), { contributionId: 'CON-DNK-2', memo: 'first half' });
  transfer('2026-05-29', 'donor:NOR', 'package:PURL-ILL-5', usd(100_000_000), { contributionId: 'CON-NOR-2' });

  // ── In-kind contributions outside PURL (illustrative) ──────────────────────────────────────
  contribute('2025-09-15', {
    contributionId: 'CON-DNK-IK-1',
    donorId: 'DNK',
    kind: 'in_kind',
    stage: 'committed',
    value: m(45_000_000, 'DKK'),
    category: 'demining',
    description: 'Mine-clearing equipment sets, value stated by the donor (illustrative)',
    recipientId: 'UKR',
    valuationMethod: 'stated',
    quantity: 30,
    unit: 'set',
  });
  contribute('2025-10-01', {
    contributionId: 'CON-SWE-IK-1',
    donorId: 'SWE',
    kind: 'in_kind',
    stage: 'announced',
    value: m(220_000_000, 'SEK'),
    category: 'winterisation',
    description: 'Winter clothing and field medical kits, valued at list prices (illustrative)',
    recipientId: 'UKR',
    valuationMethod: 'price_list',
    quantity: 40_000,
    unit: 'kit',
  });
  advance('2025-10-20', 'CON-SWE-IK-1', 'committed');
  contribute('2025-11-03', {
    contributionId: 'CON-NOR-IK-1',
    donorId: 'NOR',
    kind: 'in_kind',
    stage: 'committed',
    value: m(310_000_000, 'NOK'),
    category: 'energy_resilience',
    description: 'Generators and power-grid repair equipment, valued at list prices (illustrative)',
    recipientId: 'UKR',
    valuationMethod: 'price_list',
    quantity: 500,
    unit: 'unit',
  });
  advance('2025-12-05', 'CON-DNK-IK-1', 'delivered');
  advance('2026-01-15', 'CON-SWE-IK-1', 'delivered');

  // ── Capability pledges to the Coalition of the Willing (pledging public; details illustrative) ──
  const capability = (contributionId: string, donorId: string, category: string, description: string, quantity: number, unit: string) =>
    contribute('2025-09-04', {
      contributionId,
      donorId,
      kind: 'capability',
      stage: 'announced',
      value: m(0, 'EUR'),
      category,
      description,
      recipientId: 'UKR',
      quantity,
      unit,
      coalition,
    });
  capability('CON-GBR-CAP-1', 'GBR', 'isr', 'ISR aircraft for airspace monitoring, not valued in money (illustrative)', 2, 'aircraft');
  capability('CON-FRA-CAP-1', 'FRA', 'air_policing', 'Fighter aircraft for air policing, not valued in money (illustrative)', 4, 'aircraft');
  capability('CON-NLD-CAP-1', 'NLD', 'naval_mcm', 'Naval mine-countermeasures vessels for Black Sea shipping lanes, not valued in money (illustrative)', 2, 'vessel');
  advance('2026-02-16', 'CON-GBR-CAP-1', 'committed');
  advance('2026-02-16', 'CON-NLD-CAP-1', 'committed');

  // ── Sources and evidence (all illustrative): one record at each confirmation level ──────────
  // Keyed after every dated command, so they come last and no earlier command id moves; they
  // change no figure. Levels: confirmed (a government statement, a dataset), on record (a named
  // minister quoted in an article), reported (two rewrites of one story resting on anonymous
  // sources, and a "classified report" only described), unverified (an article with no publisher);
  // then a transfer with its evidence, and a contribution whose stages rest on sources of two levels.
  const evidenceKey = '~evidence';
  const source = (sourceId: string, fields: Wire) => add(evidenceKey, { type: 'RecordSource', sourceId, ...fields });
  const evidence = (recordKind: string, recordId: string, sourceId: string, excerpt: string, attribution: Wire) =>
    add(evidenceKey, { type: 'LinkEvidence', recordKind, recordId, sourceId, excerpt, ...attribution });
  source('SRC-NLD-STATEMENT', {
    kind: 'official-statement',
    publisher: 'Government of the Netherlands (illustrative)',
    title: 'Netherlands funds first PURL package for Ukraine (illustrative)',
    publishedOn: '2025-08-04',
    locator: 'https://example.org/illustrative/nld-purl-statement',
    language: 'en',
  });
  const nldWords = 'The Netherlands will fund the first package under the PURL arrangement with about 500 million euros (illustrative).';
  evidence('contribution', 'CON-NLD-1', 'SRC-NLD-STATEMENT', nldWords, { sourceType: 'organisation', speaker: 'Government of the Netherlands', claim: 'amount' });
  evidence('package', 'PURL-NLD-1', 'SRC-NLD-STATEMENT', nldWords, { sourceType: 'organisation', speaker: 'Government of the Netherlands', claim: 'stage' });
  source('SRC-WIRE-NORDIC', {
    kind: 'news-article',
    publisher: 'Example Wire (illustrative)',
    title: 'Nordic countries join to fund a PURL package (illustrative)',
    publishedOn: '2025-08-05',
    locator: 'https://example.org/illustrative/nordic-purl',
    author: 'A. Reporter (illustrative)',
    language: 'en',
    story: 'story-nordic-purl',
  });
  const nordicWords = '"Denmark will carry the largest share of the Nordic package," the Danish defence minister said (illustrative).';
  evidence('contribution', 'CON-DNK-1', 'SRC-WIRE-NORDIC', nordicWords, { sourceType: 'person', speaker: 'Danish defence minister (illustrative)', speakerRole: 'Minister of Defence', claim: 'amount' });
  evidence('package', 'PURL-NORDIC-1', 'SRC-WIRE-NORDIC', nordicWords, { sourceType: 'person', speaker: 'Danish defence minister (illustrative)', speakerRole: 'Minister of Defence', claim: 'stage' });
  // One story told twice: a report and its rewrite by another outlet count as one story.
  const germanWords = 'Berlin is preparing to pay for a 500-million-dollar package, according to sources close to the government (illustrative).';
  source('SRC-DAILY-DEU', {
    kind: 'news-article',
    publisher: 'Example Daily (illustrative)',
    title: 'Germany to fund a US weapons package for Ukraine, sources say (illustrative)',
    publishedOn: '2025-08-12',
    locator: 'https://example.org/illustrative/daily-deu',
    language: 'en',
    story: 'story-deu-purl',
  });
  source('SRC-AGGREGATOR-DEU', {
    kind: 'news-article',
    publisher: 'Example Aggregator (illustrative)',
    title: 'Report: Berlin to pay for US arms for Kyiv (illustrative rewrite)',
    publishedOn: '2025-08-12',
    locator: 'https://example.org/illustrative/aggregator-deu',
    language: 'en',
    story: 'story-deu-purl',
  });
  for (const sourceId of ['SRC-DAILY-DEU', 'SRC-AGGREGATOR-DEU']) {
    evidence('contribution', 'CON-DEU-1', sourceId, germanWords, { sourceType: 'anonymous', claim: 'amount' });
    evidence('package', 'PURL-DEU-1', sourceId, germanWords, { sourceType: 'anonymous', claim: 'stage' });
  }
  source('SRC-KIEL-CAN', {
    kind: 'dataset',
    publisher: 'Kiel Institute, Ukraine Support Tracker (illustrative row)',
    title: 'Ukraine Support Tracker, bilateral aid, Canada (illustrative)',
    publishedOn: '2025-10-07',
    locator: 'data_explorer.csv line 4242 (illustrative)',
  });
  evidence('contribution', 'CON-CAN-1', 'SRC-KIEL-CAN', 'Canada; 2025-08-24; PURL; 680000000 CAD (illustrative)', { sourceType: 'document', claim: 'amount' });
  evidence('package', 'PURL-CAN-1', 'SRC-KIEL-CAN', 'Canada; 2025-08-24; PURL; 680000000 CAD (illustrative)', { sourceType: 'document', claim: 'stage' });
  source('SRC-WIRE-ROCKETS', {
    kind: 'news-article',
    publisher: 'Example Wire (illustrative)',
    title: 'Damaged rocket pods returned, report says (illustrative)',
    publishedOn: '2025-12-20',
    locator: 'https://example.org/illustrative/rockets',
    language: 'en',
  });
  evidence('shipment', 'S-NORDIC-2', 'SRC-WIRE-ROCKETS', 'A classified report seen by the paper says two launch pod containers failed inspection (illustrative).', { sourceType: 'document', claim: 'receipt' });
  source('SRC-BLOG-ILL5', {
    kind: 'other',
    title: 'Post on a social network about a fifth package (illustrative)',
    publishedOn: '2026-03-10',
    locator: 'https://example.org/illustrative/post',
  });
  evidence('package', 'PURL-ILL-5', 'SRC-BLOG-ILL5', 'They say a fifth package of interceptors is coming (illustrative).', { sourceType: 'pronoun', claim: 'stage' });
  source('SRC-NATO-SPENDING', {
    kind: 'dataset',
    publisher: 'NATO Public Diplomacy Division (illustrative citation)',
    title: 'Defence expenditure of NATO countries (2014–2025) (illustrative citation)',
    publishedOn: '2025-08-28',
    locator: 'https://example.org/illustrative/nato-defence-expenditure',
  });
  evidence('spending', 'NLD:2025', 'SRC-NATO-SPENDING', 'Netherlands, 2025e: 2.22% of GDP (illustrative)', { sourceType: 'document', claim: 'share' });
  // A transfer: the Dutch payment into the PURL fund, acknowledged by the fund's administrator.
  source('SRC-PURL-FUND-NLD', {
    kind: 'official-document',
    publisher: 'PURL fund administrator (illustrative)',
    title: 'Acknowledgement of a contribution received from the Netherlands (illustrative)',
    publishedOn: '2025-08-11',
    locator: 'https://example.org/illustrative/purl-fund-receipt-nld',
    language: 'en',
  });
  recordOf.set(
    evidence('transfer', '', 'SRC-PURL-FUND-NLD', 'Received on 8 August 2025 from the Netherlands: EUR 500,000,000.00 for PURL package 1 (illustrative).', {
      sourceType: 'organisation',
      speaker: 'PURL fund administrator',
      claim: 'amount',
    }),
    nldPayment,
  );
  // Stages: Norway's commitment is on record (its minister, named); that it paid rests on unnamed
  // officials only, so the contribution, disbursed now, is reported, not on record.
  source('SRC-RADIO-NOR', {
    kind: 'news-article',
    publisher: 'Example Radio (illustrative)',
    title: 'Norway commits to the Nordic PURL package (illustrative)',
    publishedOn: '2025-08-12',
    locator: 'https://example.org/illustrative/radio-nor-purl',
    language: 'en',
    story: 'story-nor-purl',
  });
  evidence('contribution', 'CON-NOR-1', 'SRC-RADIO-NOR', '"Norway commits 160 million dollars to the joint package," the Norwegian defence minister said (illustrative).', {
    sourceType: 'person',
    speaker: 'Norwegian defence minister (illustrative)',
    speakerRole: 'Minister of Defence',
    claim: 'stage:committed',
  });
  source('SRC-DAILY-NOR-PAID', {
    kind: 'news-article',
    publisher: 'Example Daily (illustrative)',
    title: 'Norway has paid its PURL share, officials say (illustrative)',
    publishedOn: '2025-09-05',
    locator: 'https://example.org/illustrative/daily-nor-paid',
    language: 'en',
    story: 'story-nor-paid',
  });
  evidence('contribution', 'CON-NOR-1', 'SRC-DAILY-NOR-PAID', 'Norway has paid its share in full, according to officials who asked not to be named (illustrative).', {
    sourceType: 'anonymous',
    claim: 'stage:disbursed',
  });

  // Stable sort: reference data first, then by date; same-date commands keep their written order.
  const ordered = entries
    .map((entry, index) => ({ ...entry, index }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  const ids = new Map(ordered.map(({ command }, index) => [command, `demo-${String(index + 1).padStart(4, '0')}`]));
  return ordered.map(({ command }) => {
    const target = recordOf.get(command);
    return { id: ids.get(command), ...command, ...(target ? { recordId: ids.get(target) } : {}) };
  });
}

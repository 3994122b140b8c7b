/**
 * Countries beyond their ISO names (those come from i18n-iso-countries, see index.ts): short
 * forms, adjectives and demonyms, and capitals used for their government ("Kyiv said", "talks
 * with Moscow"). Keys are ISO 3166-1 alpha-3 codes.
 *
 * Capitals: only where the city stands for one state without doubt in news. Not mapped, on
 * purpose: Brussels (Belgium, the EU or NATO?), The Hague (the Netherlands, the ICC or a NATO
 * summit?), Geneva, New York, Vienna and Strasbourg (seats of international bodies), Sofia and
 * Victoria (first names), Washington when it is a person's surname or the state ("George
 * Washington", "Washington state": see `blocked`).
 *
 * Adjectives are countries too ("Ukrainian officials" → UKR), except those that name no one
 * state: "European", "Nordic", "Baltic", "Western", "Soviet", "Korean", "Latin American".
 */

/** Short forms and other names the ISO list lacks or spells otherwise. */
export const countryAliases: Readonly<Record<string, readonly string[]>> = {
  USA: ['US', 'U.S.', 'U.S', 'USA', 'U.S.A.', 'United States', 'United States of America', 'America'],
  GBR: ['UK', 'U.K.', 'Britain', 'Great Britain', 'United Kingdom', 'England', 'Scotland', 'Wales', 'Northern Ireland'],
  RUS: ['Russia', 'Russian Federation'],
  UKR: ['Ukraine'],
  NLD: ['Netherlands', 'Holland'],
  CZE: ['Czechia', 'Czech Republic'],
  SVK: ['Slovakia', 'Slovak Republic'],
  TUR: ['Turkey', 'Türkiye', 'Turkiye'],
  KOR: ['South Korea', 'Republic of Korea', 'ROK'],
  PRK: ['North Korea', 'DPRK'],
  IRN: ['Iran'],
  SYR: ['Syria'],
  MDA: ['Moldova'],
  TWN: ['Taiwan'],
  VNM: ['Vietnam', 'Viet Nam'],
  LAO: ['Laos'],
  BOL: ['Bolivia'],
  VEN: ['Venezuela'],
  TZA: ['Tanzania'],
  CIV: ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
  COD: ['Democratic Republic of the Congo', 'DR Congo', 'DRC'],
  MKD: ['North Macedonia'],
  BIH: ['Bosnia', 'Bosnia and Herzegovina', 'Bosnia-Herzegovina'],
  ARE: ['UAE', 'United Arab Emirates', 'Emirates'],
  SAU: ['Saudi Arabia'],
  PSE: ['Palestine', 'Palestinian territories'],
  VAT: ['Vatican', 'Holy See'],
  BLR: ['Belarus'],
  CHN: ['China', "People's Republic of China", 'PRC'],
  DEU: ['Germany'],
};

export const demonyms: Readonly<Record<string, readonly string[]>> = {
  USA: ['American', 'Americans'],
  GBR: ['British', 'Briton', 'Britons'],
  RUS: ['Russian', 'Russians'],
  UKR: ['Ukrainian', 'Ukrainians'],
  DEU: ['German', 'Germans'],
  FRA: ['French', 'Frenchman'],
  NLD: ['Dutch'],
  POL: ['Polish', 'Poles'],
  ITA: ['Italian', 'Italians'],
  ESP: ['Spanish', 'Spaniards'],
  PRT: ['Portuguese'],
  BEL: ['Belgian', 'Belgians'],
  LUX: ['Luxembourgish'],
  DNK: ['Danish', 'Danes'],
  SWE: ['Swedish', 'Swedes'],
  NOR: ['Norwegian', 'Norwegians'],
  FIN: ['Finnish', 'Finns'],
  ISL: ['Icelandic'],
  EST: ['Estonian', 'Estonians'],
  LVA: ['Latvian', 'Latvians'],
  LTU: ['Lithuanian', 'Lithuanians'],
  CZE: ['Czech', 'Czechs'],
  SVK: ['Slovak', 'Slovakian', 'Slovaks'],
  HUN: ['Hungarian', 'Hungarians'],
  ROU: ['Romanian', 'Romanians'],
  BGR: ['Bulgarian', 'Bulgarians'],
  GRC: ['Greek', 'Greeks'],
  TUR: ['Turkish', 'Turks'],
  CAN: ['Canadian', 'Canadians'],
  JPN: ['Japanese'],
  CHN: ['Chinese'],
  AUS: ['Australian', 'Australians'],
  NZL: ['New Zealander', 'New Zealanders'],
  MDA: ['Moldovan', 'Moldovans'],
  BLR: ['Belarusian', 'Belarusians', 'Belarussian'],
  GEO: ['Georgian', 'Georgians'],
  AUT: ['Austrian', 'Austrians'],
  CHE: ['Swiss'],
  IRL: ['Irish'],
  HRV: ['Croatian', 'Croatians', 'Croat', 'Croats'],
  SVN: ['Slovenian', 'Slovene', 'Slovenians'],
  SRB: ['Serbian', 'Serb', 'Serbs'],
  ALB: ['Albanian', 'Albanians'],
  MNE: ['Montenegrin'],
  MKD: ['North Macedonian', 'Macedonian'],
  IRN: ['Iranian', 'Iranians'],
  ISR: ['Israeli', 'Israelis'],
  IND: ['Indian', 'Indians'],
  PAK: ['Pakistani', 'Pakistanis'],
  SAU: ['Saudi', 'Saudis'],
  ARE: ['Emirati'],
  QAT: ['Qatari'],
  EGY: ['Egyptian', 'Egyptians'],
  SYR: ['Syrian', 'Syrians'],
  IRQ: ['Iraqi', 'Iraqis'],
  AFG: ['Afghan', 'Afghans'],
  KAZ: ['Kazakh', 'Kazakhstani'],
  AZE: ['Azerbaijani', 'Azeri'],
  ARM: ['Armenian', 'Armenians'],
  PRK: ['North Korean', 'North Koreans'],
  KOR: ['South Korean', 'South Koreans'],
  BRA: ['Brazilian', 'Brazilians'],
  MEX: ['Mexican', 'Mexicans'],
  ZAF: ['South African'],
  KEN: ['Kenyan'],
  NGA: ['Nigerian'],
  ETH: ['Ethiopian'],
  TWN: ['Taiwanese'],
  VNM: ['Vietnamese'],
  PHL: ['Filipino', 'Philippine'],
  IDN: ['Indonesian'],
  ARG: ['Argentine', 'Argentinian'],
  CHL: ['Chilean'],
  COL: ['Colombian'],
  VEN: ['Venezuelan'],
  CUB: ['Cuban'],
};

/** Capitals standing for their state in news (see the note above for those left out). */
export const capitals: Readonly<Record<string, readonly string[]>> = {
  UKR: ['Kyiv', 'Kiev'],
  RUS: ['Moscow'],
  USA: ['Washington', 'Washington, D.C.', 'Washington D.C.', 'Washington DC'],
  GBR: ['London'],
  FRA: ['Paris'],
  DEU: ['Berlin'],
  POL: ['Warsaw'],
  CHN: ['Beijing'],
  JPN: ['Tokyo'],
  TUR: ['Ankara'],
  IRN: ['Tehran'],
  PRK: ['Pyongyang'],
  BLR: ['Minsk'],
  MDA: ['Chișinău', 'Chisinau', 'Chişinău'],
  LTU: ['Vilnius'],
  LVA: ['Riga'],
  EST: ['Tallinn'],
  FIN: ['Helsinki'],
  SWE: ['Stockholm'],
  NOR: ['Oslo'],
  DNK: ['Copenhagen'],
  ITA: ['Rome'],
  ESP: ['Madrid'],
  PRT: ['Lisbon'],
  CAN: ['Ottawa'],
  AUS: ['Canberra'],
  HUN: ['Budapest'],
  SVK: ['Bratislava'],
  CZE: ['Prague'],
  ROU: ['Bucharest'],
  GRC: ['Athens'],
  ISR: ['Jerusalem'],
  KOR: ['Seoul'],
  IND: ['New Delhi'],
};

/**
 * Other places that stand for their country: regions and cities often in the news. A place is
 * where something happens, so "talks in Jeddah" names Saudi Arabia; occupied Ukrainian places
 * (Crimea, Donetsk) are Ukraine, as ISO 3166 has them.
 */
export const places: Readonly<Record<string, readonly string[]>> = {
  UKR: ['Odesa', 'Odessa', 'Lviv', 'Kharkiv', 'Kharkov', 'Dnipro', 'Zaporizhzhia', 'Zaporizhia', 'Kherson', 'Mykolaiv', 'Sumy', 'Chernihiv', 'Poltava',
    'Vinnytsia', 'Zhytomyr', 'Rivne', 'Lutsk', 'Ivano-Frankivsk', 'Ternopil', 'Uzhhorod', 'Chernivtsi', 'Kramatorsk', 'Sloviansk', 'Pokrovsk',
    'Bakhmut', 'Avdiivka', 'Mariupol', 'Kupiansk', 'Kostiantynivka', 'Donetsk', 'Luhansk', 'Donbas', 'Donbass', 'Crimea', 'Sevastopol', 'Bucha', 'Irpin'],
  RUS: ['St Petersburg', 'St. Petersburg', 'Saint Petersburg', 'Kursk', 'Belgorod', 'Bryansk', 'Rostov', 'Novorossiysk', 'Kaliningrad', 'Sochi', 'Kazan'],
  USA: ['Alaska', 'Anchorage', 'New York', 'California', 'Texas', 'Florida', 'Palm Beach', 'Mar-a-Lago', 'Camp David', 'Virginia', 'Arlington'],
  SAU: ['Jeddah', 'Riyadh'],
  QAT: ['Doha'],
  ARE: ['Dubai', 'Abu Dhabi'],
  TUR: ['Istanbul'],
  GEO: ['Tbilisi'],
  PSE: ['Gaza', 'Gaza Strip', 'West Bank'],
  ISR: ['Tel Aviv'],
  EGY: ['Cairo'],
  IRQ: ['Baghdad'],
  SYR: ['Damascus'],
  AFG: ['Kabul'],
  DEU: ['Munich', 'Hamburg', 'Frankfurt', 'Ramstein', 'Wiesbaden', 'Cologne', 'Düsseldorf', 'Dresden', 'Leipzig', 'Stuttgart', 'Bonn'],
  POL: ['Rzeszów', 'Rzeszow', 'Kraków', 'Krakow', 'Gdańsk', 'Gdansk', 'Wrocław', 'Wroclaw', 'Poznań', 'Poznan', 'Lublin'],
  FRA: ['Marseille', 'Lyon', 'Strasbourg'],
  ITA: ['Milan', 'Naples', 'Turin'],
  ESP: ['Barcelona', 'Seville', 'Valencia'],
  GBR: ['Manchester', 'Birmingham', 'Edinburgh', 'Glasgow', 'Downing Street'],
  CHN: ['Shanghai', 'Hong Kong'],
  LTU: ['Kaunas'],
  MDA: ['Transnistria'],
  ROU: ['Constanța', 'Constanta'],
  NOR: ['Bergen'],
  SWE: ['Gothenburg'],
  NLD: ['Amsterdam', 'Rotterdam'],
  BEL: ['Antwerp'],
};

/**
 * Seats of international bodies: a country only where the text says something happens there
 * ("a meeting in Brussels" is Belgium), not when the city speaks ("Brussels wants…" is the EU).
 */
export const seats: Readonly<Record<string, readonly string[]>> = {
  BEL: ['Brussels'],
  NLD: ['The Hague', 'the Hague'],
  CHE: ['Geneva', 'Bern', 'Davos'],
  AUT: ['Vienna'],
  LUX: ['Luxembourg City'],
};

/**
 * Phrases that contain a country's name but are not that country; matched like entries and then
 * dropped, so "New Jersey" never yields Jersey and "Latin America" never the United States.
 */
export const blocked: readonly string[] = [
  'New Jersey', 'New Mexico', 'New South Wales', 'New England', 'New Guinea', 'Guinea pig',
  'Latin America', 'South America', 'North America', 'Central America', 'Latin American', 'South American',
  'North American', 'Central American', 'Americas', 'Captain America', 'America First', 'Make America Great Again',
  'George Washington', 'Washington state', 'Washington State', 'Washington Times',
  'English Channel', 'French fries', 'Turkish delight', 'Russian roulette', 'Chinese wall', 'Dutch auction',
  'Polish zloty', 'Polish zlotys', 'Norwegian krone', 'Norwegian kroner', 'Swedish krona', 'Swedish kronor', 'Danish krone',
  'Danish kroner', 'Japanese yen', 'Swiss franc', 'Swiss francs', 'Ukrainian hryvnia', 'Ukrainian hryvnias', 'Russian rouble',
  'Russian roubles', 'Russian ruble', 'Russian rubles', 'American dollar', 'American dollars', 'Canadian dollar', 'Canadian dollars',
  'Australian dollar', 'Australian dollars', 'Chinese yuan', 'US dollar', 'US dollars', 'U.S. dollar', 'U.S. dollars',
  'German Marshall Fund', 'Paris Agreement', 'Paris Hilton', 'Minsk agreements', 'Minsk Agreements', 'Georgia Tech',
  'Berlin Wall', 'French Open', 'Irish Sea',
];

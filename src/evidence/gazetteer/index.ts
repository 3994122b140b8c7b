import { createRequire } from 'node:module';
import isoCountries from 'i18n-iso-countries';
import { countryName } from '../../io/countries.js';
import { blocked, capitals, countryAliases, demonyms, places, seats } from './countries.js';
import { organisations } from './organisations.js';
import { people } from './people.js';

export { organisations, type OrganisationEntry } from './organisations.js';
export { people, slug, type PersonEntry } from './people.js';
export { blocked, capitals, countryAliases, demonyms, places, seats } from './countries.js';

/** src/io/countries.ts registers the same locale; registering twice is harmless and keeps this module self-contained. */
isoCountries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json'));

/**
 * One name the entity finder looks for. `kind: 'blocked'` names are matched and then dropped
 * ("New Jersey" is not Jersey). `form` says how the name came in, for tests and reports.
 */
export interface GazetteerName {
  readonly kind: 'country' | 'organisation' | 'person' | 'blocked';
  readonly id: string;
  readonly name: string;
  readonly alias: string;
  readonly form: 'iso' | 'alias' | 'demonym' | 'capital' | 'place' | 'seat' | 'name' | 'surname' | 'blocked';
  /** Match regardless of capitals (still whole words). */
  readonly anyCase?: boolean;
}

/** ISO names that are ordinary words or say something else in news; their countries keep their other names. */
const isoNamesLeftOut = new Set(['Jersey', 'Guernsey', 'Man', 'Georgia (country)', 'Micronesia', 'Saint Martin', 'Niue', 'Chad']);

function isoNames(): GazetteerName[] {
  const names: GazetteerName[] = [];
  for (const [alpha2, list] of Object.entries(isoCountries.getNames('en', { select: 'all' }))) {
    const id = isoCountries.alpha2ToAlpha3(alpha2);
    if (id === undefined) continue;
    const name = countryName(id) ?? list[0] ?? id;
    for (const alias of list) {
      if (alias.includes(',') || alias.includes('(') || isoNamesLeftOut.has(alias)) continue;
      names.push({ kind: 'country', id, name, alias, form: 'iso' });
    }
  }
  return names;
}

function canonicalCountry(id: string): string {
  const overrides: Record<string, string> = { USA: 'United States', GBR: 'United Kingdom', RUS: 'Russia', KOR: 'South Korea', PRK: 'North Korea', IRN: 'Iran', SYR: 'Syria', MDA: 'Moldova', TWN: 'Taiwan', NLD: 'Netherlands', CZE: 'Czechia', TUR: 'Turkey', VNM: 'Vietnam', VEN: 'Venezuela', BOL: 'Bolivia', TZA: 'Tanzania', LAO: 'Laos', COD: 'Democratic Republic of the Congo' };
  return overrides[id] ?? countryName(id) ?? id;
}

function build(): GazetteerName[] {
  const out: GazetteerName[] = isoNames().map((entry) => ({ ...entry, name: canonicalCountry(entry.id) }));
  const add = (table: Readonly<Record<string, readonly string[]>>, form: GazetteerName['form']) => {
    for (const [id, list] of Object.entries(table)) for (const alias of list) out.push({ kind: 'country', id, name: canonicalCountry(id), alias, form });
  };
  add(countryAliases, 'alias');
  add(demonyms, 'demonym');
  add(capitals, 'capital');
  add(places, 'place');
  add(seats, 'seat');
  for (const org of organisations) {
    for (const alias of org.aliases) out.push({ kind: 'organisation', id: org.id, name: org.name, alias, form: 'name', ...(org.anyCase && /\s/.test(alias) ? { anyCase: true } : {}) });
  }
  for (const person of people) {
    for (const alias of person.aliases) out.push({ kind: 'person', id: person.id, name: person.name, alias, form: 'name' });
    for (const alias of person.surnames) out.push({ kind: 'person', id: person.id, name: person.name, alias, form: 'surname' });
  }
  for (const alias of blocked) out.push({ kind: 'blocked', id: '', name: alias, alias, form: 'blocked' });
  return out;
}

/** Every name in the gazetteer: ISO country names, the project's aliases, organisations, people, blocked phrases. */
export const gazetteerNames: readonly GazetteerName[] = build();

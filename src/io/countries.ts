import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

/**
 * Countries by ISO 3166-1 code or English name, for formats that name states differently:
 * Kiel and NATO by name, IATI by alpha-2, FTS by name. States are parties whose id is their
 * alpha-3 code (as in the demo: "NLD", "UKR"), so the same state read from two formats is one party.
 */
countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json'));

/** Names the datasets use that the ISO list spells otherwise. */
const aliases: Readonly<Record<string, string>> = {
  'slovak republic': 'SVK',
  'czech republic': 'CZE',
  czechia: 'CZE',
  'united states': 'USA',
  'united kingdom': 'GBR',
  türkiye: 'TUR',
  turkiye: 'TUR',
  'south korea': 'KOR',
  'korea': 'KOR',
  'republic of korea': 'KOR',
  taiwan: 'TWN',
};

/** The alpha-3 code for an alpha-2 or alpha-3 code or an English name; undefined when unknown. */
export function alpha3(codeOrName: string): string | undefined {
  const text = codeOrName.trim();
  if (/^[A-Z]{3}$/.test(text)) return countries.isValid(text) ? text : undefined;
  if (/^[A-Z]{2}$/.test(text)) return countries.alpha2ToAlpha3(text);
  return aliases[text.toLowerCase()] ?? countries.getAlpha3Code(text, 'en');
}

/** The English name of an alpha-3 code. */
export function countryName(code: string): string | undefined {
  return countries.getName(code, 'en');
}

/** The alpha-2 code of an alpha-3 code, for formats that use it (IATI). */
export function alpha2(code: string): string | undefined {
  return countries.alpha3ToAlpha2(code);
}

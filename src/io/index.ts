import { DomainError } from '../domain/errors.js';
import type { Exporter, Importer } from './format.js';
import { ftsExporter, ftsImporter } from './fts/index.js';
import { fxExporter, fxImporter } from './fx/ecb.js';
import { iatiExporter, iatiImporter } from './iati/index.js';
import { kielExporter, kielImporter } from './kiel/index.js';
import { natoExporter, natoImporter } from './nato/index.js';
import { ocdsExporter, ocdsImporter } from './ocds/index.js';
import { csvExporter, csvImporter, jsonExporter, jsonImporter } from './plain/index.js';

/** Every file format aidtrace reads and writes, by the name the CLI and the API use. */
export const formats = {
  kiel: { importer: kielImporter, exporter: kielExporter },
  iati: { importer: iatiImporter, exporter: iatiExporter },
  ocds: { importer: ocdsImporter, exporter: ocdsExporter },
  fts: { importer: ftsImporter, exporter: ftsExporter },
  nato: { importer: natoImporter, exporter: natoExporter },
  fx: { importer: fxImporter, exporter: fxExporter },
  csv: { importer: csvImporter, exporter: csvExporter },
  json: { importer: jsonImporter, exporter: jsonExporter },
} as const satisfies Record<string, { importer: Importer; exporter: Exporter }>;

export type FormatName = keyof typeof formats;
export const formatNames = Object.keys(formats) as FormatName[];

export function formatNamed(name: string): (typeof formats)[FormatName] {
  if (!(name in formats)) throw new DomainError('VALIDATION_FAILED', `format: "${name}" is not a format aidtrace reads or writes; choose ${formatNames.join(', ')}`, 'format');
  return formats[name as FormatName];
}

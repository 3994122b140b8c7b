import type { Importer } from '../format.js';
import { readOcds } from './import.js';

/**
 * OCDS (Open Contracting Data Standard) 1.1/1.2: release packages, record packages (their
 * compiled releases) and single releases in; the ledger's contracts as a release package out.
 * See import.ts for the mapping and export.ts for the export.
 */

export const ocdsImporter: Importer = {
  describe: 'OCDS 1.1/1.2 release packages, record packages and releases (tender → package, contracts, transactions → payments)',
  read: readOcds,
};

export { ocdsExporter } from './export.js';

import type { Importer } from '../format.js';
import { readIati } from './import.js';

export { iatiExporter } from './export.js';

/** IATI 2.03 activity files: parties, and contributions from transactions (pledges, commitments, disbursements). */
export const iatiImporter: Importer = {
  describe: 'IATI 2.03 activity files (<iati-activities version="2.03">): organisations, recipient states and transactions as contributions',
  read: readIati,
};

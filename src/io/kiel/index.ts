import { DomainError } from '../../domain/errors.js';
import type { Exporter, Importer } from '../format.js';

const missing = (): never => {
  throw new DomainError('VALIDATION_FAILED', 'kiel: this format is not available in this build');
};

export const kielImporter: Importer = { describe: 'kiel', read: missing };
export const kielExporter: Exporter = { describe: 'kiel', mediaType: 'text/plain', write: missing };

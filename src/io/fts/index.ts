import { DomainError } from '../../domain/errors.js';
import type { Exporter, Importer } from '../format.js';

const missing = (): never => {
  throw new DomainError('VALIDATION_FAILED', 'fts: this format is not available in this build');
};

export const ftsImporter: Importer = { describe: 'fts', read: missing };
export const ftsExporter: Exporter = { describe: 'fts', mediaType: 'text/plain', write: missing };

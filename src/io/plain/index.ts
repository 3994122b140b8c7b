import { DomainError } from '../../domain/errors.js';
import type { Exporter, Importer } from '../format.js';

const missing = (): never => {
  throw new DomainError('VALIDATION_FAILED', 'this format is not available in this build');
};

export const csvImporter: Importer = { describe: 'csv', read: missing };
export const csvExporter: Exporter = { describe: 'csv', mediaType: 'text/csv', write: missing };
export const jsonImporter: Importer = { describe: 'json', read: missing };
export const jsonExporter: Exporter = { describe: 'json', mediaType: 'application/json', write: missing };

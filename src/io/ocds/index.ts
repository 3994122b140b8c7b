import { DomainError } from '../../domain/errors.js';
import type { Exporter, Importer } from '../format.js';

const missing = (): never => {
  throw new DomainError('VALIDATION_FAILED', 'ocds: this format is not available in this build');
};

export const ocdsImporter: Importer = { describe: 'ocds', read: missing };
export const ocdsExporter: Exporter = { describe: 'ocds', mediaType: 'text/plain', write: missing };

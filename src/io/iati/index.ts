import { DomainError } from '../../domain/errors.js';
import type { Exporter, Importer } from '../format.js';

const missing = (): never => {
  throw new DomainError('VALIDATION_FAILED', 'iati: this format is not available in this build');
};

export const iatiImporter: Importer = { describe: 'iati', read: missing };
export const iatiExporter: Exporter = { describe: 'iati', mediaType: 'text/plain', write: missing };

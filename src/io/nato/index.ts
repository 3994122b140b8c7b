import { DomainError } from '../../domain/errors.js';
import type { Exporter, Importer } from '../format.js';

const missing = (): never => {
  throw new DomainError('VALIDATION_FAILED', 'nato: this format is not available in this build');
};

export const natoImporter: Importer = { describe: 'nato', read: missing };
export const natoExporter: Exporter = { describe: 'nato', mediaType: 'text/plain', write: missing };

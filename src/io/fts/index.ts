export { ftsImporter } from './import.js';
export { ftsExporter } from './export.js';

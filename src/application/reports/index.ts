import type { ReportData, ReportOptions } from './data.js';
import { donorReport } from './donor.js';
import { exceptionsReport } from './exceptions.js';
import { flowsReport } from './flows.js';
import { overviewReport } from './overview.js';
import { pipelineReport } from './pipeline.js';
import { reconciliationReport } from './reconciliation.js';
import { requirementsReport } from './requirements.js';
import { spendingReport } from './spending.js';

export { loadReportData, type ReportData, type ReportOptions } from './data.js';

/** Every report by name; the CLI and the HTTP API list and run them from here. */
export const reports = {
  pipeline: pipelineReport,
  donor: donorReport,
  requirements: requirementsReport,
  exceptions: exceptionsReport,
  spending: (data: ReportData, _options: ReportOptions) => spendingReport(data),
  overview: overviewReport,
  flows: flowsReport,
  reconciliation: reconciliationReport,
} as const;

export type ReportName = keyof typeof reports;
export const reportNames = Object.keys(reports) as ReportName[];
export type AnyReport = ReturnType<(typeof reports)[ReportName]>;

import type { ReportData, ReportOptions } from './data.js';

/** Coverage of each of the recipient's requirements, in priority order. */
export interface RequirementRow {
  readonly requirementId: string;
  readonly recipientId: string;
  readonly priority: number;
  readonly category: string;
  readonly description: string;
  readonly unit: string;
  readonly neededBy: string;
  readonly required: number;
  readonly accepted: number;
  readonly inPipeline: number;
  readonly unfunded: number;
  readonly status: 'met' | 'in_pipeline' | 'unfunded';
}

export interface RequirementsReport {
  readonly report: 'requirements';
  readonly asOf: string;
  readonly rows: readonly RequirementRow[];
}

/** Packages whose lines count as "in the pipeline": the money is there or the goods are on their way. */
const pipelineStages = new Set(['funded', 'contracted', 'delivering', 'delivered', 'closed']);

export function requirementsReport(data: ReportData, options: Pick<ReportOptions, 'asOf'>): RequirementsReport {
  const packages = new Map(data.packages.map((pkg) => [pkg.id, pkg]));
  const acceptedByLine = new Map<string, number>();
  for (const line of data.contractLines) {
    const contract = data.contracts.find((c) => c.id === line.contractId);
    if (!contract) continue;
    const key = `${contract.packageId}\u0000${line.packageLineId}`;
    acceptedByLine.set(key, (acceptedByLine.get(key) ?? 0) + line.acceptedQuantity);
  }
  const rows = data.requirements.map((requirement): RequirementRow => {
    let accepted = 0;
    let inPipeline = 0;
    for (const line of data.packageLines) {
      if (line.requirementId !== requirement.id) continue;
      const lineAccepted = acceptedByLine.get(`${line.packageId}\u0000${line.lineId}`) ?? 0;
      accepted += lineAccepted;
      const stage = packages.get(line.packageId)?.stage ?? 'cancelled';
      if (pipelineStages.has(stage) && stage !== 'closed') inPipeline += Math.max(0, line.quantity - lineAccepted);
    }
    const required = requirement.quantity;
    const unfunded = Math.max(0, required - accepted - inPipeline);
    const status = accepted >= required ? 'met' : unfunded === 0 ? 'in_pipeline' : 'unfunded';
    return {
      requirementId: requirement.id,
      recipientId: requirement.recipientId,
      priority: requirement.priority,
      category: requirement.category,
      description: requirement.description,
      unit: requirement.unit,
      neededBy: requirement.neededBy,
      required,
      accepted,
      inPipeline,
      unfunded,
      status,
    };
  });
  rows.sort((a, b) => a.recipientId.localeCompare(b.recipientId) || a.priority - b.priority || a.requirementId.localeCompare(b.requirementId));
  return { report: 'requirements', asOf: options.asOf, rows };
}

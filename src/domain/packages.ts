import type { ApprovePackage, CancelPackage, ClosePackage, ProposePackage } from './commands.js';
import { DomainError } from './errors.js';
import type { DomainEvent, PackageStageChanged } from './events.js';
import { limits } from './limits.js';
import { formatAmount } from './money.js';
import { absent, countAtMost, found, notBefore, partyWithRole, positive, uniqueIds } from './rules.js';
import type { Package, PackageStage, StateView } from './state.js';

/** Package lifecycle: proposed → approved → funded → contracted → delivering → delivered → closed, or cancelled. */

const nextStage: Partial<Record<PackageStage, PackageStage>> = {
  proposed: 'approved',
  approved: 'funded',
  funded: 'contracted',
  contracted: 'delivering',
  delivering: 'delivered',
  delivered: 'closed',
};

/** Stages in which money may come in and contracts, shipments and receipts may be recorded. */
export const openStages: readonly PackageStage[] = ['approved', 'funded', 'contracted', 'delivering', 'delivered'];

/** The stage change to `to`, if the package stands exactly one step before it; otherwise none. */
export function stepTo(pkg: Package, to: PackageStage, at: string): PackageStageChanged[] {
  if (nextStage[pkg.stage] !== to) return [];
  // A back-dated trigger (a transfer valued before the approval) moves the package on the day both were true.
  const since = at < pkg.stageSince ? pkg.stageSince : at;
  return [{ type: 'PackageStageChanged', packageId: pkg.id, from: pkg.stage, to, at: since, reason: null }];
}

export function openPackage(view: StateView, id: string, path: string, stages = openStages): Package {
  const pkg = found(view.package(id), 'package', id, path);
  if (!stages.includes(pkg.stage)) {
    throw new DomainError('PACKAGE_NOT_OPEN', `${path}: package "${id}" is ${pkg.stage}; this needs it ${stages.join(' or ')}`, path);
  }
  return pkg;
}

export function proposePackage(command: ProposePackage, view: StateView): DomainEvent[] {
  absent(view.package(command.packageId), 'package', command.packageId, 'packageId');
  partyWithRole(view, command.recipientId, 'recipient', 'recipientId');
  partyWithRole(view, command.coordinatorId, 'coordinator', 'coordinatorId');
  countAtMost(command.lines.length, limits.linesPerPackageMax, 'lines', 'lines');
  if (command.lines.length === 0) throw new DomainError('VALIDATION_FAILED', 'lines: a package needs at least one line', 'lines');
  uniqueIds(command.lines.map((line) => line.lineId), 'lines', 'line id');
  let valueMinor = 0n;
  command.lines.forEach((line, index) => {
    const path = `lines[${index}]`;
    positive(line.quantity, `${path}.quantity`, 'quantity');
    if (line.unitValueMinor < 0n) throw new DomainError('AMOUNT_NOT_POSITIVE', `${path}.unitValue: cannot be negative`, `${path}.unitValue`);
    if (line.requirementId !== undefined) {
      const requirement = found(view.requirement(line.requirementId), 'requirement', line.requirementId, `${path}.requirementId`);
      if (requirement.recipientId !== command.recipientId) {
        throw new DomainError(
          'VALIDATION_FAILED',
          `${path}.requirementId: requirement "${line.requirementId}" belongs to ${requirement.recipientId}, not ${command.recipientId}`,
          `${path}.requirementId`,
        );
      }
    }
    valueMinor += BigInt(line.quantity) * line.unitValueMinor;
  });
  return [
    {
      type: 'PackageProposed',
      packageId: command.packageId,
      title: command.title,
      recipientId: command.recipientId,
      coordinatorId: command.coordinatorId,
      currency: command.currency,
      valueMinor,
      proposedAt: command.proposedAt,
      lines: command.lines.map((line) => ({
        lineId: line.lineId,
        item: line.item,
        category: line.category,
        quantity: line.quantity,
        unitValueMinor: line.unitValueMinor,
        requirementId: line.requirementId ?? null,
        sensitive: line.sensitive ?? false,
      })),
    },
  ];
}

export function approvePackage(command: ApprovePackage, view: StateView): DomainEvent[] {
  const pkg = openPackage(view, command.packageId, 'packageId', ['proposed']);
  notBefore(command.at, pkg.stageSince, 'at', `the package's ${pkg.stage} date`);
  return stepTo(pkg, 'approved', command.at);
}

export function closePackage(command: ClosePackage, view: StateView): DomainEvent[] {
  const pkg = openPackage(view, command.packageId, 'packageId', ['delivered']);
  notBefore(command.at, pkg.stageSince, 'at', `the package's ${pkg.stage} date`);
  checkEmpty(view, pkg, 'closing');
  return stepTo(pkg, 'closed', command.at);
}

/** A package that stops taking money must not strand any: every currency it holds is refunded or moved first. */
function checkEmpty(view: StateView, pkg: Package, doing: string): void {
  const held = view.accountsOf(`package:${pkg.id}`).filter((account) => account.balanceMinor !== 0n);
  if (held.length === 0) return;
  const amounts = held.map((account) => `${formatAmount(account.balanceMinor, account.currency)} ${account.currency}`).join(' and ');
  throw new DomainError('STAGE_NOT_ALLOWED', `packageId: package "${pkg.id}" still holds ${amounts}; refund or reallocate it before ${doing}`, 'packageId');
}

export function cancelPackage(command: CancelPackage, view: StateView): DomainEvent[] {
  const pkg = openPackage(view, command.packageId, 'packageId', ['proposed', 'approved', 'funded']);
  notBefore(command.at, pkg.stageSince, 'at', `the package's ${pkg.stage} date`);
  checkEmpty(view, pkg, 'cancelling');
  return [{ type: 'PackageStageChanged', packageId: pkg.id, from: pkg.stage, to: 'cancelled', at: command.at, reason: command.reason }];
}

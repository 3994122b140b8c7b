import type { SignContract } from './commands.js';
import { DomainError } from './errors.js';
import type { DomainEvent } from './events.js';
import { limits } from './limits.js';
import { openPackage, stepTo } from './packages.js';
import { absent, countAtMost, notBefore, partyWithRole, positive, uniqueIds } from './rules.js';
import type { PackageLine, StateView } from './state.js';

/** A package's purchase from a producer. Contracted quantities never exceed the package's. */

export function signContract(command: SignContract, view: StateView): DomainEvent[] {
  absent(view.contract(command.contractId), 'contract', command.contractId, 'contractId');
  const pkg = openPackage(view, command.packageId, 'packageId', ['funded', 'contracted', 'delivering']);
  partyWithRole(view, command.producerId, 'producer', 'producerId');
  notBefore(command.deliveryDue, command.signedOn, 'deliveryDue', 'signing date');
  countAtMost(command.lines.length, limits.linesPerContractMax, 'lines', 'lines');
  if (command.lines.length === 0) throw new DomainError('VALIDATION_FAILED', 'lines: a contract needs at least one line', 'lines');
  uniqueIds(command.lines.map((line) => line.lineId), 'lines', 'line id');
  const packageLines = new Map(view.packageLines(pkg.id).map((line) => [line.lineId, line]));
  const asked = new Map<string, number>();
  let valueMinor = 0n;
  const lines = command.lines.map((line, index) => {
    const path = `lines[${index}]`;
    const packageLine = packageLines.get(line.packageLineId);
    if (!packageLine) {
      throw new DomainError('NOT_FOUND', `${path}.packageLineId: package "${pkg.id}" has no line "${line.packageLineId}"`, `${path}.packageLineId`);
    }
    positive(line.quantity, `${path}.quantity`, 'quantity');
    if (line.unitPriceMinor < 0n) throw new DomainError('AMOUNT_NOT_POSITIVE', `${path}.unitPrice: cannot be negative`, `${path}.unitPrice`);
    const total = (asked.get(line.packageLineId) ?? 0) + line.quantity;
    asked.set(line.packageLineId, total);
    checkOvercommit(packageLine, total, path);
    valueMinor += BigInt(line.quantity) * line.unitPriceMinor;
    return { lineId: line.lineId, packageLineId: line.packageLineId, item: packageLine.item, quantity: line.quantity, unitPriceMinor: line.unitPriceMinor };
  });
  return [
    {
      type: 'ContractSigned',
      contractId: command.contractId,
      packageId: pkg.id,
      producerId: command.producerId,
      currency: command.currency,
      valueMinor,
      signedOn: command.signedOn,
      deliveryDue: command.deliveryDue,
      lines,
    },
    ...stepTo(pkg, 'contracted', command.signedOn),
  ];
}

function checkOvercommit(line: PackageLine, asked: number, path: string): void {
  if (line.contractedQuantity + asked > line.quantity) {
    throw new DomainError(
      'PACKAGE_LINE_OVERCOMMITTED',
      `${path}.quantity: package line "${line.lineId}" has ${line.quantity} ${line.item}, ${line.contractedQuantity} already contracted; ${asked} more is too many`,
      `${path}.quantity`,
    );
  }
}

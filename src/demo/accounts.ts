import type { AccessRole } from '../application/ports.js';

/**
 * One sign-in per role for the demo ledger. The passwords are printed by `npm start` and are
 * for a local demonstration only: the server listens on 127.0.0.1 unless HOST says otherwise.
 */
export interface DemoAccount {
  readonly userId: string;
  readonly role: AccessRole;
  readonly partyId?: string;
  readonly password: string;
}

export const demoAccounts: readonly DemoAccount[] = [
  { userId: 'admin', role: 'admin', password: 'admin-demo-2025' },
  { userId: 'nato-cell', role: 'coordinator', password: 'nato-cell-demo-2025' },
  { userId: 'nl-mod', role: 'donor', partyId: 'NLD', password: 'nl-mod-demo-2025' },
  { userId: 'ua-logistics', role: 'recipient', partyId: 'UKR', password: 'ua-logistics-demo-2025' },
  { userId: 'us-dsca', role: 'producer', partyId: 'USA', password: 'us-dsca-demo-2025' },
  { userId: 'auditor', role: 'auditor', password: 'auditor-demo-2025' },
];

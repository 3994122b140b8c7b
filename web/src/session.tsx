import { createContext, useContext } from 'react';
import type { Session } from './api';

export interface SessionState {
  readonly session: Session;
  refresh(): void;
}

export const SessionContext = createContext<SessionState>({ session: { role: 'public' }, refresh: () => undefined });

export function useSession(): SessionState {
  return useContext(SessionContext);
}

/** Roles that may read a report or list, as the API decides; the UI only avoids asking in vain. */
export function canRead(role: string, what: 'requirements' | 'exceptions' | 'contributions' | 'history'): boolean {
  switch (what) {
    case 'requirements':
    case 'contributions':
      return ['admin', 'coordinator', 'auditor', 'donor', 'recipient'].includes(role);
    case 'exceptions':
    case 'history':
      return ['admin', 'coordinator', 'auditor'].includes(role);
  }
}

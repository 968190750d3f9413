// What a case's state allows, as messages a person can act on. The workflow's update validators
// refuse with these; the case page uses them to offer only what can be done.
import type { CaseStatus } from './caseStatus';

export interface RuleState {
  status: CaseStatus | string;
  providerId: string | null;
  ownerId: string | null;
}

const CLOSED = 'This case is closed. A provider can reopen it if more work is needed.';

export function refuseOnClosed(s: RuleState): string | null {
  return s.status === 'CLOSED' ? CLOSED : null;
}

export function refuseAssign(s: RuleState, ownerProviderIds: string[]): string | null {
  if (s.status === 'CLOSED') return CLOSED;
  if (!s.providerId) return 'The case has not been allocated to a provider yet.';
  if (!ownerProviderIds.includes(s.providerId)) return 'Choose a Case Manager of the provider this case is allocated to.';
  return null;
}

export function refuseStatus(s: RuleState, to: 'IN_PROGRESS' | 'ON_HOLD'): string | null {
  if (s.status === 'CLOSED') return CLOSED;
  if (!s.ownerId) return 'Assign a case owner before changing the status.';
  if (s.status === to) return `The case is already ${to === 'ON_HOLD' ? 'on hold' : 'in progress'}.`;
  return null;
}

export function refuseClose(s: RuleState): string | null {
  if (s.status === 'CLOSED') return 'This case is already closed.';
  if (s.status === 'SUBMITTED') return 'The case is still being allocated: try again in a moment.';
  return null;
}

export function refuseReopen(s: RuleState): string | null {
  return s.status === 'CLOSED' ? null : 'Only a closed case can be reopened.';
}

export const CLOSURE_REASONS = [
  'Attendance improved',
  'Student left the area',
  'Student enrolled elsewhere',
  'Whānau declined support',
  'Referred to another service',
  'Student reached school-leaving age',
  'Other',
] as const;

export const ON_HOLD_HINT = 'Say why the case is on hold and when it should resume, for example "Whānau overseas until Term 4".';

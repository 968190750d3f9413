// Case statuses (DESIGN.md §3) and the words the portal shows for them.
export const CASE_STATUSES = ['SUBMITTED', 'ALLOCATED', 'ASSIGNED', 'IN_PROGRESS', 'ON_HOLD', 'CLOSED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  SUBMITTED: 'Submitted',
  ALLOCATED: 'Allocated',
  ASSIGNED: 'Assigned',
  IN_PROGRESS: 'In progress',
  ON_HOLD: 'On hold',
  CLOSED: 'Closed',
};

export const ACTIVE_STATUSES: CaseStatus[] = ['SUBMITTED', 'ALLOCATED', 'ASSIGNED', 'IN_PROGRESS', 'ON_HOLD'];

export const CASE_TYPE_LABELS: Record<string, string> = {
  CHRONIC_ABSENCE: 'Chronic Absence',
};

export const isCaseStatus = (value: string): value is CaseStatus => (CASE_STATUSES as readonly string[]).includes(value);

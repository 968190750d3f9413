// The facts of a case that its workflow keeps in memory: ids, status and the dates its service
// levels run from; never the student's details.
import type { CaseStatus } from '../domain/caseStatus';

export interface CaseSnapshot {
  reference: string;
  requestNumber: string;
  status: CaseStatus;
  schoolId: string;
  catchmentId: string;
  providerId: string | null;
  ownerId: string | null;
  primaryContactId: string;
  openedAt: string;
  allocatedAt: string | null;
  assignedAt: string | null;
  firstContactAt: string | null;
  lastActivityAt: string;
  closedAt: string | null;
  overdue: boolean;
}

interface CaseRow {
  reference: string;
  requestNumber: string;
  status: string;
  schoolId: string;
  catchmentId: string;
  providerId: string | null;
  ownerId: string | null;
  primaryContactId: string;
  openedAt: Date;
  allocatedAt: Date | null;
  assignedAt: Date | null;
  firstContactAt: Date | null;
  lastActivityAt: Date;
  closedAt: Date | null;
  overdue: boolean;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toSnapshot = (c: CaseRow): CaseSnapshot => ({
  reference: c.reference,
  requestNumber: c.requestNumber,
  status: c.status as CaseStatus,
  schoolId: c.schoolId,
  catchmentId: c.catchmentId,
  providerId: c.providerId,
  ownerId: c.ownerId,
  primaryContactId: c.primaryContactId,
  openedAt: c.openedAt.toISOString(),
  allocatedAt: iso(c.allocatedAt),
  assignedAt: iso(c.assignedAt),
  firstContactAt: iso(c.firstContactAt),
  lastActivityAt: c.lastActivityAt.toISOString(),
  closedAt: iso(c.closedAt),
  overdue: c.overdue,
});

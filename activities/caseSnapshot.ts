// The facts of a case that its workflow keeps in memory: no student details, only ids and status.
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
}

export const toSnapshot = (c: {
  reference: string;
  requestNumber: string;
  status: string;
  schoolId: string;
  catchmentId: string;
  providerId: string | null;
  ownerId: string | null;
  primaryContactId: string;
  openedAt: Date;
}): CaseSnapshot => ({
  reference: c.reference,
  requestNumber: c.requestNumber,
  status: c.status as CaseStatus,
  schoolId: c.schoolId,
  catchmentId: c.catchmentId,
  providerId: c.providerId,
  ownerId: c.ownerId,
  primaryContactId: c.primaryContactId,
  openedAt: c.openedAt.toISOString(),
});

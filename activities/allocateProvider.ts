// Allocates a new case to its provider: the school's In-School Provision, else its catchment's
// provider. Only a case still SUBMITTED is changed, so a retry allocates once and writes one entry.
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityDeps } from './deps';
import { chooseProvider, NoProviderError } from '../domain/allocation';
import { recordEvent } from './timeline';

export interface Allocation {
  providerId: string;
  providerName: string;
  allocatedAt: string;
}

export const allocateProvider =
  ({ db }: ActivityDeps) =>
  async (reference: string): Promise<Allocation> => {
    const found = await db.case.findUniqueOrThrow({
      where: { reference },
      include: { school: { include: { catchment: true } } },
    });
    let { providerId, allocatedAt } = found;
    if (!providerId || !allocatedAt) {
      try {
        providerId = chooseProvider(found.school).providerId;
      } catch (err) {
        if (err instanceof NoProviderError) throw ApplicationFailure.nonRetryable(err.message, 'NoProvider');
        throw err;
      }
      allocatedAt = new Date();
      await db.case.updateMany({
        where: { reference, status: 'SUBMITTED' },
        data: { providerId, status: 'ALLOCATED', allocatedAt, lastActivityAt: allocatedAt },
      });
    }
    const provider = await db.provider.findUniqueOrThrow({ where: { id: providerId } });
    const inSchool = found.school.inSchoolProviderId === providerId;
    await recordEvent(db, {
      id: `${reference}:allocated`,
      caseId: found.id,
      actorId: null,
      actorName: 'Attendance Service',
      kind: 'CASE_ALLOCATED',
      summary: `Allocated to ${provider.name}${inSchool ? ' (In-School Provision)' : ''}`,
      before: 'Submitted',
      after: 'Allocated',
      createdAt: allocatedAt,
    });
    return { providerId, providerName: provider.name, allocatedAt: allocatedAt.toISOString() };
  };

// Turns a submitted request into its case record, already allocated to its provider (the school's
// In-School Provision, else its catchment's provider): one transaction, so the school's Submit is
// answered quickly. Keyed by the case reference: a retry finds the row it made and returns it.
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityDeps } from './deps';
import { toSnapshot, type CaseSnapshot } from './caseSnapshot';
import { parseAnswers } from '../domain/requestForm';
import { chooseProvider, NoProviderError } from '../domain/allocation';
import { currentSchoolOf } from '../db/enrolmentScope';

export interface OpenCaseInput {
  reference: string;
  requestNumber: string;
}

export interface OpenedCase extends CaseSnapshot {
  providerName: string | null;
}

export const openCase =
  ({ db }: ActivityDeps) =>
  async ({ reference, requestNumber }: OpenCaseInput): Promise<OpenedCase> => {
    const existing = await db.case.findUnique({ where: { reference }, include: { provider: true } });
    if (existing) return { ...toSnapshot(existing), providerName: existing.provider?.name ?? null };

    const request = await db.request.findUnique({
      where: { number: requestNumber },
      include: { school: { include: { catchment: true, inSchoolProvider: true } }, student: true },
    });
    if (!request || request.status !== 'SUBMITTED' || request.caseReference !== reference) {
      throw ApplicationFailure.nonRetryable(`Request ${requestNumber} is not submitted as case ${reference}`, 'RequestNotSubmitted');
    }
    const answers = parseAnswers(request.answers);
    const contactId = answers.primaryContact?.userId;
    if (!request.student || !contactId) {
      throw ApplicationFailure.nonRetryable(`Request ${requestNumber} has no student or Primary Contact`, 'RequestIncomplete');
    }
    let providerId: string;
    let via: 'IN_SCHOOL' | 'CATCHMENT';
    try {
      ({ providerId, via } = chooseProvider(request.school));
    } catch (err) {
      if (err instanceof NoProviderError) throw ApplicationFailure.nonRetryable(err.message, 'NoProvider');
      throw err;
    }
    const [contact, creator, provider, currentSchoolId] = await Promise.all([
      db.user.findUniqueOrThrow({ where: { id: contactId } }),
      db.user.findUnique({ where: { id: request.createdById } }),
      db.provider.findUniqueOrThrow({ where: { id: providerId } }),
      currentSchoolOf(db, request.student.id, request.submittedAt ?? new Date()),
    ]);
    const openedAt = request.submittedAt ?? new Date();
    const allocatedAt = new Date(Math.max(Date.now(), openedAt.getTime() + 1));
    const learnerName = `${request.student.givenName} ${request.student.familyName}`;
    // The case and its first two timeline entries in one write.
    const created = await db.case.create({
      data: {
        reference,
        requestNumber,
        status: 'ALLOCATED',
        openedAt,
        studentId: request.student.id,
        learnerName,
        learnerSearch: learnerName.toLowerCase(),
        schoolId: request.schoolId,
        currentSchoolId,
        leftReferringSchool: currentSchoolId !== request.schoolId,
        catchmentId: request.school.catchmentId,
        providerId,
        allocatedAt,
        primaryContactId: contact.id,
        primaryContactName: contact.name,
        primaryContactPhone: answers.primaryContact?.phone ?? contact.phone,
        primaryContactEmail: answers.primaryContact?.email ?? contact.email,
        lastActivityAt: allocatedAt,
        events: {
          create: [
            {
              id: `${reference}:opened`,
              actorId: request.createdById,
              actorName: creator?.name ?? 'School',
              kind: 'CASE_OPENED',
              summary: `Request ${requestNumber} submitted by ${request.school.name}; case ${reference} opened`,
              createdAt: openedAt,
            },
            {
              id: `${reference}:allocated`,
              actorId: null,
              actorName: 'Attendance Service',
              kind: 'CASE_ALLOCATED',
              summary: `Allocated to ${provider.name}${via === 'IN_SCHOOL' ? ' (In-School Provision)' : ''}`,
              before: 'Submitted',
              after: 'Allocated',
              createdAt: allocatedAt,
            },
          ],
        },
      },
    });
    return { ...toSnapshot(created), providerName: provider.name };
  };

// Turns a submitted request into its case record. Keyed by the case reference: a retry finds the
// row it made before and returns it unchanged.
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityDeps } from './deps';
import { toSnapshot, type CaseSnapshot } from './caseSnapshot';
import { parseAnswers } from '../domain/requestForm';
import { recordEvent } from './timeline';
import { currentSchoolOf } from '../db/enrolmentScope';

export interface OpenCaseInput {
  reference: string;
  requestNumber: string;
}

export const openCase =
  ({ db }: ActivityDeps) =>
  async ({ reference, requestNumber }: OpenCaseInput): Promise<CaseSnapshot> => {
    const existing = await db.case.findUnique({ where: { reference } });
    if (existing) return toSnapshot(existing);

    const request = await db.request.findUnique({
      where: { number: requestNumber },
      include: { school: true, student: true },
    });
    if (!request || request.status !== 'SUBMITTED' || request.caseReference !== reference) {
      throw ApplicationFailure.nonRetryable(`Request ${requestNumber} is not submitted as case ${reference}`, 'RequestNotSubmitted');
    }
    const answers = parseAnswers(request.answers);
    const contactId = answers.primaryContact?.userId;
    if (!request.student || !contactId) {
      throw ApplicationFailure.nonRetryable(`Request ${requestNumber} has no student or Primary Contact`, 'RequestIncomplete');
    }
    const contact = await db.user.findUniqueOrThrow({ where: { id: contactId } });
    const openedAt = request.submittedAt ?? new Date();
    const currentSchoolId = await currentSchoolOf(db, request.student.id, openedAt);
    const learnerName = `${request.student.givenName} ${request.student.familyName}`;
    const created = await db.case.upsert({
      where: { reference },
      update: {},
      create: {
        reference,
        requestNumber,
        status: 'SUBMITTED',
        openedAt,
        studentId: request.student.id,
        learnerName,
        learnerSearch: learnerName.toLowerCase(),
        schoolId: request.schoolId,
        currentSchoolId,
        leftReferringSchool: currentSchoolId !== request.schoolId,
        catchmentId: request.school.catchmentId,
        primaryContactId: contact.id,
        primaryContactName: contact.name,
        primaryContactPhone: answers.primaryContact?.phone ?? contact.phone,
        primaryContactEmail: answers.primaryContact?.email ?? contact.email,
        lastActivityAt: openedAt,
      },
    });
    const creator = await db.user.findUnique({ where: { id: request.createdById } });
    await recordEvent(db, {
      id: `${reference}:opened`,
      caseId: created.id,
      actorId: request.createdById,
      actorName: creator?.name ?? 'School',
      kind: 'CASE_OPENED',
      summary: `Request ${requestNumber} submitted by ${request.school.name}; case ${reference} opened`,
      createdAt: openedAt,
    });
    return toSnapshot(created);
  };

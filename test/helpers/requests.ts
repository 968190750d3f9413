// A complete Chronic Absence request saved page by page and submitted, as the portal leaves it,
// for tests (and the benchmark) that start cases without clicking through the form.
import type { Stack } from './stack';
import { findRequest, savePage, startDraft } from '../../requests/drafts';
import { reserveCaseReference, startCase } from '../../requests/submit';
import type { RequestAnswers } from '../../domain/requestForm';
import { caseWorkflowId } from '../../temporal.config';
import { USERS } from '../../prisma/demoData';

export interface RequestFor {
  by?: string;
  schoolId?: string;
  studentId: string;
  contactId?: string;
}

export async function saveCompleteRequest(stack: Stack, o: RequestFor): Promise<string> {
  const db = stack.database.db;
  const contactId = o.contactId ?? 'david.smith';
  let draft = await startDraft(db, o.by ?? 'susan.wildes', o.schoolId ?? 'north-high');
  const answers: RequestAnswers = {
    student: { studentId: o.studentId },
    attendance: { attendanceRate: 70, daysMissed: 10, pattern: 'Whole days missed', patternNotes: '' },
    concerns: { concerns: 'Frequent absence.', alreadyTried: 'Calls home.', otherAgencies: '' },
    whanau: { caregiverName: 'A Parent', relationship: 'Mother', caregiverPhone: '021 000 000', caregiverEmail: '', preferredLanguage: '', consentToShare: 'yes', consentNotes: '' },
    primaryContact: { userId: contactId, phone: '09 444 1002', email: USERS.find((u) => u.id === contactId)?.email ?? `${contactId}@example.test` },
  };
  let version = draft.version;
  for (const [key, value] of Object.entries(answers)) {
    version = await savePage(db, draft, version, key as keyof RequestAnswers, value, 5);
    draft = (await findRequest(db, draft.number))!;
  }
  return draft.number;
}

/** Saves, submits and starts the case's workflow; returns once the case is allocated. */
export async function submitCase(stack: Stack, o: RequestFor) {
  const number = await saveCompleteRequest(stack, o);
  const reference = await reserveCaseReference(stack.database.db, number);
  const result = await startCase({ db: stack.database.db, temporal: stack.client, taskQueue: stack.taskQueue, settings: stack.config.caseSettings }, number, reference);
  return { number, reference, result, handle: stack.client.workflow.getHandle(caseWorkflowId(reference)) };
}

// Draft requests: started, saved page by page, resumed and deleted by the person who started them.
import type { Db } from '../db/prisma';
import { formatRequestNumber } from '../domain/numbers';
import { parseAnswers, type RequestAnswers, type StepKey } from '../domain/requestForm';
import { nextNumber } from './numbers';

export interface Draft {
  number: string;
  status: string;
  schoolId: string;
  createdById: string;
  studentId: string | null;
  answers: RequestAnswers;
  currentStep: number;
  version: number;
  caseReference: string | null;
  updatedAt: Date;
}

const toDraft = (r: {
  number: string;
  status: string;
  schoolId: string;
  createdById: string;
  studentId: string | null;
  answers: string;
  currentStep: number;
  version: number;
  caseReference: string | null;
  updatedAt: Date;
}): Draft => ({ ...r, answers: parseAnswers(r.answers) });

export async function startDraft(db: Db, createdById: string, schoolId: string): Promise<Draft> {
  const number = formatRequestNumber(await nextNumber(db, 'requestNumber'));
  return toDraft(await db.request.create({ data: { number, status: 'DRAFT', schoolId, createdById } }));
}

export async function findRequest(db: Db, number: string): Promise<Draft | null> {
  const r = await db.request.findUnique({ where: { number } });
  return r ? toDraft(r) : null;
}

export class StaleDraftError extends Error {
  override name = 'StaleDraftError';
}

/**
 * Saves one page's answers. `version` is the one the page was rendered from: if the draft changed
 * since (another tab, another device), nothing is written and StaleDraftError says so.
 */
export async function savePage(
  db: Db,
  draft: Draft,
  version: number,
  key: StepKey,
  value: unknown,
  currentStep: number,
): Promise<number> {
  const answers = { ...draft.answers, [key]: value };
  const data: Record<string, unknown> = {
    answers: JSON.stringify(answers),
    currentStep,
    version: { increment: 1 },
  };
  if (key === 'student') {
    const studentId = (value as { studentId?: string } | undefined)?.studentId;
    data.studentId = studentId ? studentId : null;
  }
  const { count } = await db.request.updateMany({ where: { number: draft.number, status: 'DRAFT', version }, data });
  if (count === 0) throw new StaleDraftError('This draft was changed somewhere else after you opened this page.');
  return version + 1;
}

export async function deleteDraft(db: Db, number: string, createdById: string): Promise<boolean> {
  const { count } = await db.request.deleteMany({ where: { number, createdById, status: 'DRAFT' } });
  return count > 0;
}

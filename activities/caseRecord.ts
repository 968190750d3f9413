// Finding the case an activity works on, by its reference; a missing case is a permanent failure.
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { Db } from '../db/prisma';

export async function caseByReference(db: Db, reference: string) {
  const found = await db.case.findUnique({ where: { reference } });
  if (!found) throw ApplicationFailure.nonRetryable(`No case ${reference}`, 'CaseNotFound');
  return found;
}

/** A refusal the person can act on: shown on the page, never retried, not logged as a fault. */
export const refused = (message: string) =>
  ApplicationFailure.create({ message, type: 'Refused', nonRetryable: true, category: ApplicationFailureCategory.BENIGN });

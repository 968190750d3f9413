// Reads a case record that exists already (demo data, imported cases, a reopened case's new run).
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityDeps } from './deps';
import { toSnapshot, type CaseSnapshot } from './caseSnapshot';

export const loadCase =
  ({ db }: ActivityDeps) =>
  async (reference: string): Promise<CaseSnapshot> => {
    const found = await db.case.findUnique({ where: { reference } });
    if (!found) throw ApplicationFailure.nonRetryable(`No case ${reference}`, 'CaseNotFound');
    return toSnapshot(found);
  };

// The case workflow's messages, defined once and used by the workflow, the web and the tests.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CaseSnapshot } from '../activities/caseSnapshot';

export interface CaseLifecycleInput {
  reference: string;
  /** The submitted request the case comes from; absent when adopting a case record that exists. */
  requestNumber?: string;
  /** Take over an existing case record (demo data, imported cases) instead of opening one. */
  adopt?: boolean;
}

export interface SubmissionResult {
  reference: string;
  status: string;
  providerId: string | null;
  providerName: string | null;
}

/** Sent with the start of the workflow by the web's Submit: returns once the case is allocated. */
export const awaitAllocationUpdate = defineUpdate<SubmissionResult>('awaitAllocation');

export const caseStateQuery = defineQuery<CaseSnapshot | null>('caseState');

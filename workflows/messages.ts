// The case workflow's messages, defined once and used by the workflow, the web and the tests.
// Web actions are Updates (validated against the case's state, answered when done); inbound email
// replies are a Signal; the state is a Query.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseSnapshot } from '../activities/caseSnapshot';
import type { ServiceLevels } from '../domain/serviceLevels';

export interface CaseLifecycleInput {
  reference: string;
  /** The submitted request the case comes from; absent when adopting a case record that exists. */
  requestNumber?: string;
  /** Take over an existing case record (demo data, imported cases, a reopened case) instead of opening one. */
  adopt?: boolean;
  /** Service levels and the history size that triggers continue-as-new; defaults apply when absent. */
  settings?: Partial<CaseSettings>;
  /** Carried across continue-as-new: the state, so nothing is reloaded or lost. */
  carried?: CarriedState;
}

export interface CaseSettings {
  serviceLevels: ServiceLevels;
  /** Continue as new once the history has this many events (or when Temporal suggests it). */
  continueAsNewAfter: number;
}

export interface CarriedState {
  state: CaseState;
  providerName: string | null;
}

/** What the workflow keeps between actions: the case's facts plus the reminders already sent. */
export interface CaseState extends CaseSnapshot {
  /** Service-level reminders already sent, by key, so none is sent twice. */
  reminded: string[];
}

/** Who is acting, as the web checked them against the permission module. */
export interface ActingPerson {
  id: string;
  name: string;
  side: 'SCHOOL' | 'PROVIDER';
}

export interface SubmissionResult {
  reference: string;
  status: string;
  providerId: string | null;
  providerName: string | null;
}

export interface AddCommentInput {
  by: ActingPerson;
  body: string;
  /** Provider comments only: shared with the school (default internal). */
  shared: boolean;
  /** Records contact with the school's Primary Contact (provider comments). */
  contact?: boolean;
}

export interface UploadedFile {
  id: string;
  name: string;
  size: number;
  contentType: string;
  sha256: string;
  storageKey: string;
}

export interface AddFilesInput {
  by: ActingPerson;
  files: UploadedFile[];
  shared: boolean;
  source?: 'WEB' | 'EMAIL';
}

export interface ChangePrimaryContactInput {
  by: ActingPerson;
  userId: string;
  name: string;
  phone: string;
  email: string;
  notes: string;
}

export interface AssignOwnerInput {
  by: ActingPerson;
  ownerId: string;
  ownerName: string;
  /** The providers the chosen person is a Case Manager for, as the web found them. */
  ownerProviderIds: string[];
}

export interface ChangeStatusInput {
  by: ActingPerson;
  status: 'IN_PROGRESS' | 'ON_HOLD';
  reason: string;
}

export interface CloseCaseInput {
  by: ActingPerson;
  reason: string;
  summary: string;
}

export interface ReopenCaseInput {
  by: ActingPerson;
  reason: string;
}

export interface SetSharedInput {
  by: ActingPerson;
  kind: 'comment' | 'file' | 'referral';
  itemId: string;
  shared: boolean;
}

export interface SaveReferralInput {
  by: ActingPerson;
  /** Absent to add a new referral. */
  referralId?: string;
  date: string;
  source: string;
  status: string;
  serviceName: string;
  serviceProvider: string;
  shared: boolean;
}

export interface EmailReplyInput {
  /** The inbound message's Message-ID: the key that makes a redelivered reply a no-op. */
  messageId: string;
  emailId: string;
  by: ActingPerson;
  body: string;
  files: UploadedFile[];
}

export interface ActionResult {
  id: string;
  status: string;
}

/** Sent with the start of the workflow by the web's Submit: returns once the case is allocated. */
export const awaitAllocationUpdate = defineUpdate<SubmissionResult>('awaitAllocation');
export const addCommentUpdate = defineUpdate<ActionResult, [AddCommentInput]>('addComment');
export const addFilesUpdate = defineUpdate<ActionResult, [AddFilesInput]>('addFiles');
export const changePrimaryContactUpdate = defineUpdate<ActionResult, [ChangePrimaryContactInput]>('changePrimaryContact');
export const assignOwnerUpdate = defineUpdate<ActionResult, [AssignOwnerInput]>('assignOwner');
export const changeStatusUpdate = defineUpdate<ActionResult, [ChangeStatusInput]>('changeStatus');
export const closeCaseUpdate = defineUpdate<ActionResult, [CloseCaseInput]>('closeCase');
export const reopenCaseUpdate = defineUpdate<ActionResult, [ReopenCaseInput]>('reopenCase');
export const setSharedUpdate = defineUpdate<ActionResult, [SetSharedInput]>('setShared');
export const saveReferralUpdate = defineUpdate<ActionResult, [SaveReferralInput]>('saveReferral');

export const emailReplySignal = defineSignal<[EmailReplyInput]>('emailReply');

export const caseStateQuery = defineQuery<CaseState | null>('caseState');

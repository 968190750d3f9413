// Sending a person's action to the case's workflow as an Update, and turning the workflow's
// refusal into a message for the page. The form's own id is the update id, so a form submitted
// twice (double click, back button) is carried out once.
import crypto from 'node:crypto';
import {
  WithStartWorkflowOperation,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { caseWorkflowId } from '../temporal.config';
import type { CaseSettings } from '../workflows/messages';
import { HttpError } from './errors';

export type UpdateOutcome<T> = { ok: true; result: T } | { ok: false; message: string };

/** A form's id, made when the form is shown; a new one if the form sent none or a bad one. */
export const formIdFrom = (value: unknown) =>
  typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value) ? value : crypto.randomUUID();

/** The message the workflow (a validator, or an activity) refused with, if that is what happened. */
function refusal(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    if (e instanceof ApplicationFailure && (e.type === 'Refused' || e.nonRetryable)) return e.message;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

const unavailable = () =>
  new HttpError(503, 'unavailable', 'The case service is not answering just now, so nothing was saved. Try again in a minute; what you typed is kept if you go back.');

export async function runCaseUpdate<Ret, Arg>(
  temporal: Client,
  reference: string,
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
  formId: string,
): Promise<UpdateOutcome<Ret>> {
  try {
    const handle = temporal.workflow.getHandle(caseWorkflowId(reference));
    const result = await handle.executeUpdate(update, { args: [arg], updateId: formId });
    return { ok: true, result };
  } catch (err) {
    const message = err instanceof WorkflowUpdateFailedError ? refusal(err) : null;
    if (message) return { ok: false, message };
    if (err instanceof WorkflowUpdateFailedError) return { ok: false, message: 'That could not be saved. Try again; if it keeps happening, contact support.' };
    throw unavailable();
  }
}

/** Reopening: the closed case's workflow has completed, so the update starts a new run with it. */
export async function reopenWithStart<Ret, Arg>(
  temporal: Client,
  o: { reference: string; taskQueue: string; settings: CaseSettings },
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
  formId: string,
): Promise<UpdateOutcome<Ret>> {
  try {
    const start = new WithStartWorkflowOperation('caseLifecycle', {
      workflowId: caseWorkflowId(o.reference),
      taskQueue: o.taskQueue,
      args: [{ reference: o.reference, adopt: true, settings: o.settings }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
    const result = await temporal.workflow.executeUpdateWithStart(update, { args: [arg], updateId: formId, startWorkflowOperation: start });
    return { ok: true, result };
  } catch (err) {
    const message = refusal(err);
    if (message) return { ok: false, message };
    throw unavailable();
  }
}

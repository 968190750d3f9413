// Sending a person's action to the case's workflow as an Update, and turning the workflow's
// refusal into a message for the page. The form's own id is the update id, so a form submitted
// twice (double click, back button) is carried out once.
import crypto from 'node:crypto';
import {
  WithStartWorkflowOperation,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError, type UpdateDefinition } from '@temporalio/common';
import { caseWorkflowId } from '../temporal.config';
import type { CaseSettings } from '../workflows/messages';

/**
 * Refused or failed (409): nothing was changed, and trying again is a new attempt (a new form id).
 * Unknown (503, Temporal not answering): it may or may not have happened, so the form is shown
 * again with what was typed and the same form id: sending it again can never do it twice.
 */
export type UpdateOutcome<T> = { ok: true; result: T } | { ok: false; message: string; status: 409 | 503; unknown: boolean };

/**
 * How long a person's request waits for the case's workflow. An update normally takes well under a
 * second; past this the worker or Temporal is down, and the form comes back (same form id) rather
 * than leaving the browser spinning.
 */
export const UPDATE_WAIT_MS = 15_000;

const refused = (message: string) => ({ ok: false as const, message, status: 409 as const, unknown: false });
const NOT_ANSWERING = 'The case service did not answer in time, so this may not have been saved. Send it again in a minute: it will never be saved twice.';
const notAnswering = () => ({ ok: false as const, message: NOT_ANSWERING, status: 503 as const, unknown: true });

/** A form's id, made when the form is shown; a new one if the form sent none or a bad one. */
export const formIdFrom = (value: unknown) =>
  typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value) ? value : crypto.randomUUID();

/**
 * The form id for the form shown again after a failed update. Refused or failed: nothing happened,
 * so trying again is a new attempt with a new id (the workflow answers a repeated id with the first
 * outcome). Unknown: the same id, so sending it again does it once.
 */
export const formIdAfter = (outcome: { unknown: boolean }, formId: string) => (outcome.unknown ? formId : formIdFrom(undefined));

/** The message the workflow (a validator, or an activity) refused with, if that is what happened. */
function refusal(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    if (e instanceof ApplicationFailure && (e.type === 'Refused' || e.nonRetryable)) return e.message;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Temporal refused the update without the workflow ever seeing it: the worker's task holding it
 * was lost (a task timed out on a busy worker) and the server then rejects what it had handed
 * over. Nothing ran, so sending the same update again is safe; the person should not have to.
 */
function neverReachedTheCase(err: unknown): boolean {
  const cause = (err as { cause?: { failure?: { source?: string | null }; message?: string } }).cause;
  return err instanceof WorkflowUpdateFailedError && cause?.failure?.source === 'Server' && /wasn't processed by worker/.test(cause.message ?? '');
}

const CLOSED_MEANWHILE = 'This case was closed after you opened this page, so nothing was changed. A provider can reopen it if more work is needed.';

export async function runCaseUpdate<Ret, Arg>(
  temporal: Client,
  reference: string,
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
  formId: string,
): Promise<UpdateOutcome<Ret>> {
  try {
    const handle = temporal.workflow.getHandle(caseWorkflowId(reference));
    const deadline = Date.now() + UPDATE_WAIT_MS;
    const send = () => temporal.withDeadline(deadline, () => handle.executeUpdate(update, { args: [arg], updateId: formId }));
    const result = await send().catch((err: unknown) => {
      if (neverReachedTheCase(err)) return send();
      throw err;
    });
    return { ok: true, result };
  } catch (err) {
    const message = err instanceof WorkflowUpdateFailedError ? refusal(err) : null;
    if (message) return refused(message);
    if (err instanceof WorkflowUpdateFailedError) return refused('That could not be saved. Try again; if it keeps happening, contact support.');
    // The case's workflow has finished: the case was closed after this page was opened.
    if (err instanceof WorkflowNotFoundError) return refused(CLOSED_MEANWHILE);
    return notAnswering();
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
    const result = await temporal.withDeadline(Date.now() + UPDATE_WAIT_MS, () =>
      temporal.workflow.executeUpdateWithStart(update, { args: [arg], updateId: formId, startWorkflowOperation: start }),
    );
    return { ok: true, result };
  } catch (err) {
    const message = refusal(err);
    if (message) return refused(message);
    return notAnswering();
  }
}

// One case, from submitted request to closure: opens the record, allocates it to its provider,
// then carries every change the portal and inbound email make (one at a time, each validated
// against the case's state), keeps the service-level timers, and completes when the case closes.
// Reopening a closed case starts a new run under the same workflow id.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  currentUpdateInfo,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { ApplicationFailureCategory, type SearchAttributeUpdatePair } from '@temporalio/common';
import type { CaseActivities } from '../activities';
import type { CaseSnapshot } from '../activities/caseSnapshot';
import type { NotifyInput } from '../activities/notify';
import { refuseAssign, refuseClose, refuseOnClosed, refuseReopen, refuseStatus } from '../domain/caseRules';
import { DEFAULT_CONTINUE_AS_NEW_AFTER, DEFAULT_SERVICE_LEVELS } from '../domain/serviceLevels';
import {
  addCommentUpdate,
  addFilesUpdate,
  assignOwnerUpdate,
  awaitAllocationUpdate,
  caseStateQuery,
  changePrimaryContactUpdate,
  changeStatusUpdate,
  closeCaseUpdate,
  emailReplySignal,
  reopenCaseUpdate,
  saveReferralUpdate,
  setSharedUpdate,
  type ActionResult,
  type CaseLifecycleInput,
  type CaseSettings,
  type CaseState,
  type SubmissionResult,
} from './messages';
import { CaseOwner, CaseReference, CaseStatus, ProviderId, SchoolId } from './searchAttributes';

// Database writes are local activities: they run inside the workflow task, so a comment's round
// trip costs about one workflow task, not three. Few attempts: a failure reaches the person, who
// can try again with what they typed still on the page.
const db = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '200 milliseconds', maximumAttempts: 4 },
});
// Email goes through ordinary activities, retried until the relay is back.
const mail = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * The id of what an update writes: the update's own id (the form's id from the web), which stays
 * the same if the workflow task is retried. A random id would differ on the retry, and a local
 * activity's write from the failed attempt would then be made twice.
 */
const updateKey = () => currentUpdateInfo()?.id ?? uuid4();

const refuse = (message: string | null) => {
  if (message) throw ApplicationFailure.create({ message, type: 'Refused', nonRetryable: true, category: ApplicationFailureCategory.BENIGN });
};

export async function caseLifecycle(input: CaseLifecycleInput): Promise<CaseState> {
  const settings: CaseSettings = {
    serviceLevels: { ...DEFAULT_SERVICE_LEVELS, ...input.settings?.serviceLevels },
    continueAsNewAfter: input.settings?.continueAsNewAfter ?? DEFAULT_CONTINUE_AS_NEW_AFTER,
  };
  const reference = input.reference;
  let state: CaseState | null = input.carried?.state ?? null;
  let providerName: string | null = input.carried?.providerName ?? null;
  /** Bumped on every change, so the main loop re-plans its timers. */
  let changes = 0;
  const now = () => new Date().toISOString();

  // One change at a time: each handler waits for the one before it to finish. Every local
  // activity after the case is loaded runs inside `exclusive`, the main loop's included, so no two
  // are ever in flight together: a worker replaying the history (after a restart or a cache
  // eviction) receives local activity results in the order they were scheduled, and two running
  // at once would resolve in a different order on replay than they did live, which Temporal
  // rejects as nondeterminism and the case stops. test/helpers/replay.ts checks every history.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(async () => {
      await condition(() => state !== null);
      return fn();
    });
    queue = run.catch(() => undefined);
    return run;
  };

  // Emails are sent in the background, not awaited by the person's action; the workflow waits
  // for them before it continues as new or completes.
  let sending = 0;
  const send = (n: Omit<NotifyInput, 'reference'>) => {
    sending++;
    mail
      .notify({ ...n, reference })
      .catch((err: Error) => log.warn('notification not sent', { reference, event: n.event, error: err.message }))
      .finally(() => sending--);
  };

  const current = () => state as CaseState;
  const apply = (s: CaseSnapshot) => {
    state = { ...s, reminded: state?.reminded ?? [] };
    changes++;
    publish(state);
  };

  setHandler(caseStateQuery, () => state);

  setHandler(awaitAllocationUpdate, async (): Promise<SubmissionResult> => {
    await condition(() => state !== null && state.status !== 'SUBMITTED');
    const s = current();
    return { reference: s.reference, status: s.status, providerId: s.providerId, providerName };
  });

  setHandler(
    addCommentUpdate,
    (i) =>
      exclusive(async (): Promise<ActionResult> => {
        const at = now();
        const id = `comment:${updateKey()}`;
        await db.recordComment({ reference, commentId: id, by: i.by, body: i.body, shared: i.shared, source: 'WEB', contact: Boolean(i.contact), at });
        const s = current();
        s.lastActivityAt = at;
        if (i.contact && !s.firstContactAt) s.firstContactAt = at;
        changes++;
        if (i.by.side === 'SCHOOL') send({ key: `comment:${id}`, event: 'schoolComment', to: ['ownerOrLeads'], actorId: i.by.id, data: { actorName: i.by.name } });
        else if (i.shared) send({ key: `comment:${id}`, event: 'sharedWithSchool', to: ['contact'], actorId: i.by.id, data: { actorName: i.by.name, what: 'a comment' } });
        return { id, status: s.status };
      }),
    { validator: (_i) => refuse(state && refuseOnClosed(state)) },
  );

  setHandler(
    addFilesUpdate,
    (i) =>
      exclusive(async (): Promise<ActionResult> => {
        const at = now();
        await db.recordFiles({ reference, by: i.by, files: i.files, shared: i.shared, source: i.source ?? 'WEB', at });
        const s = current();
        s.lastActivityAt = at;
        changes++;
        const key = `files:${i.files.map((f) => f.id).join(',')}`;
        const names = i.files.map((f) => f.name).join(', ');
        if (i.by.side === 'SCHOOL') send({ key, event: 'schoolFiles', to: ['ownerOrLeads'], actorId: i.by.id, data: { actorName: i.by.name, count: i.files.length, names } });
        else if (i.shared) send({ key, event: 'sharedWithSchool', to: ['contact'], actorId: i.by.id, data: { actorName: i.by.name, what: i.files.length === 1 ? `the file ${names}` : `${i.files.length} files` } });
        return { id: i.files[0]?.id ?? '', status: s.status };
      }),
    { validator: (i) => refuse((state && refuseOnClosed(state)) || (i.files.length === 0 ? 'Choose at least one file.' : null)) },
  );

  setHandler(
    changePrimaryContactUpdate,
    (i) =>
      exclusive(async (): Promise<ActionResult> => {
        const eventId = `contact:${updateKey()}`;
        const change = await db.changePrimaryContact({ ...i, reference, eventId, at: now() });
        const s = current();
        s.primaryContactId = i.userId;
        s.lastActivityAt = now();
        changes++;
        const data = { actorName: i.by.name, contactName: i.name };
        if (change.changedPerson) {
          send({ key: eventId, event: 'contactChangedToNew', to: [{ userId: i.userId }], actorId: i.by.id, data });
          send({ key: eventId, event: 'contactChangedToOld', to: [{ userId: change.previous.id }], actorId: i.by.id, data });
          send({ key: eventId, event: 'contactChangedToOwner', to: ['owner'], actorId: i.by.id, data });
        }
        return { id: eventId, status: s.status };
      }),
    { validator: (_i) => refuse(state && refuseOnClosed(state)) },
  );

  setHandler(
    assignOwnerUpdate,
    (i) =>
      exclusive(async (): Promise<ActionResult> => {
        const eventId = `owner:${updateKey()}`;
        const result = await db.assignOwner({ reference, ownerId: i.ownerId, by: i.by, eventId, at: now() });
        afterAssignment(result, eventId, i.by.name, i.by.id);
        return { id: eventId, status: result.status };
      }),
    { validator: (i) => refuse(state && refuseAssign(state, i.ownerProviderIds)) },
  );

  function afterAssignment(r: { ownerId: string; ownerName: string; previousOwnerId: string | null; status: string }, eventId: string, actorName: string, actorId: string | null) {
    const s = current();
    const at = now();
    const newOwner = r.previousOwnerId !== r.ownerId;
    s.ownerId = r.ownerId;
    s.status = r.status as CaseState['status'];
    s.assignedAt = at;
    s.lastActivityAt = at;
    s.overdue = false;
    if (newOwner) s.firstContactAt = null;
    changes++;
    publish(s);
    if (newOwner) {
      const data = { actorName, ownerName: r.ownerName };
      send({ key: eventId, event: 'ownerAssignedToOwner', to: ['owner'], actorId, data });
      send({ key: eventId, event: 'ownerAssignedToContact', to: ['contact'], actorId, data });
    }
  }

  setHandler(
    changeStatusUpdate,
    (i) =>
      exclusive(async (): Promise<ActionResult> => {
        const eventId = `status:${updateKey()}`;
        apply(await db.changeStatus({ reference, by: i.by, eventId, at: now(), to: i.status, reason: i.reason }));
        if (i.status === 'ON_HOLD') send({ key: eventId, event: 'statusOnHold', to: ['contact'], actorId: i.by.id, data: { actorName: i.by.name, reason: i.reason } });
        return { id: eventId, status: current().status };
      }),
    { validator: (i) => refuse(state && refuseStatus(state, i.status)) },
  );

  setHandler(
    closeCaseUpdate,
    (i) =>
      exclusive(async (): Promise<ActionResult> => {
        const eventId = `close:${updateKey()}`;
        apply(await db.changeStatus({ reference, by: i.by, eventId, at: now(), to: 'CLOSED', reason: i.reason, summary: i.summary }));
        send({ key: eventId, event: 'statusClosed', to: ['contact'], actorId: i.by.id, data: { actorName: i.by.name, reason: i.reason, summary: i.summary } });
        return { id: eventId, status: 'CLOSED' };
      }),
    { validator: (_i) => refuse(state && refuseClose(state)) },
  );

  setHandler(
    reopenCaseUpdate,
    (i) =>
      exclusive(async (): Promise<ActionResult> => {
        // Arrives with the start of a new run; by now the closed case has been loaded.
        refuse(refuseReopen(current()));
        const eventId = `reopen:${updateKey()}`;
        apply(await db.changeStatus({ reference, by: i.by, eventId, at: now(), to: 'REOPENED', reason: i.reason }));
        return { id: eventId, status: current().status };
      }),
    { validator: (_i) => refuse(state && refuseReopen(state)) },
  );

  setHandler(
    setSharedUpdate,
    (i) =>
      exclusive(async (): Promise<ActionResult> => {
        const eventId = `share:${updateKey()}`;
        const result = await db.setShared({ ...i, reference, eventId, at: now() });
        changes++;
        if (result.changed && i.shared) send({ key: eventId, event: 'sharedWithSchool', to: ['contact'], actorId: i.by.id, data: { actorName: i.by.name, what: `the ${result.label}` } });
        return { id: i.itemId, status: current().status };
      }),
    { validator: (_i) => refuse(state && refuseOnClosed(state)) },
  );

  setHandler(
    saveReferralUpdate,
    (i) =>
      exclusive(async (): Promise<ActionResult> => {
        const key = updateKey();
        const eventId = `referral:${key}`;
        const saved = await db.saveReferral({ ...i, reference, eventId, newId: `referral:${key}`, at: now() });
        const s = current();
        s.lastActivityAt = now();
        changes++;
        if (!i.referralId && i.shared) send({ key: eventId, event: 'sharedWithSchool', to: ['contact'], actorId: i.by.id, data: { actorName: i.by.name, what: `service referral ${saved.number}` } });
        return { id: saved.id, status: s.status };
      }),
    { validator: (_i) => refuse(state && refuseOnClosed(state)) },
  );

  setHandler(emailReplySignal, async (i) => {
    // A signal cannot be refused; the inbound mail handler already checked the sender and the
    // case. A reply that races a closure is recorded as it was written before it. (Async, so the
    // workflow waits for it before continuing as new or completing.)
    try {
      await exclusive(async () => {
        const at = now();
        await db.recordComment({ reference, commentId: `email:${i.emailId}`, by: i.by, body: i.body, shared: false, source: 'EMAIL', emailId: i.emailId, contact: false, at });
        if (i.files.length) await db.recordFiles({ reference, by: i.by, files: i.files, shared: false, source: 'EMAIL', at });
        current().lastActivityAt = at;
        changes++;
      });
    } catch (err) {
      log.error('email reply not recorded', { reference, emailId: i.emailId, error: (err as Error).message });
    }
  });

  // ---- opening and allocation ----
  if (!state) {
    if (input.adopt || !input.requestNumber) {
      apply(await db.loadCase(reference));
    } else {
      // Opened already allocated (one write), so the school's Submit is answered quickly.
      const opened = await db.openCase({ reference, requestNumber: input.requestNumber });
      providerName = opened.providerName;
      apply(opened);
      if (opened.status === 'ALLOCATED') send({ key: `allocated:${reference}`, event: 'caseAllocated', to: ['leads'] });
    }
  } else {
    publish(state);
  }

  // A case adopted before it was allocated (an import, say) is allocated now.
  if (current().status === 'SUBMITTED') {
    await exclusive(async () => {
      const allocation = await db.allocateProvider(reference);
      providerName = allocation.providerName;
      const s = current();
      s.status = 'ALLOCATED';
      s.providerId = allocation.providerId;
      s.allocatedAt = allocation.allocatedAt;
      changes++;
      publish(s);
      send({ key: `allocated:${reference}`, event: 'caseAllocated', to: ['leads'] });
    });
  }

  if (current().status === 'ALLOCATED' && !input.carried) {
    // End this workflow task here: the person who pressed Submit is waiting for the update's
    // answer, which Temporal sends only when the task completes. Auto-assignment and the timers
    // follow in the next one.
    await sleep(1);
    await exclusive(async () => {
      const autoOwner = await db.chooseAutoOwner(reference);
      if (!autoOwner) return;
      const eventId = `owner:auto:${reference}`;
      const result = await db.assignOwner({ reference, ownerId: autoOwner, by: null, eventId, at: now() });
      afterAssignment(result, eventId, 'The Attendance Service', null);
    });
  }

  // ---- the case's life: timers until it closes ----
  for (;;) {
    while (current().status !== 'CLOSED') {
      if (workflowInfo().historyLength > settings.continueAsNewAfter || workflowInfo().continueAsNewSuggested) {
        // Let every accepted update and signal finish, then carry the state into a fresh history.
        await condition(() => allHandlersFinished() && sending === 0);
        await continueAsNew<typeof caseLifecycle>({ reference, settings, carried: { state: current(), providerName } });
      }
      const due = await exclusive(() => nextServiceLevel(current(), settings));
      const seen = changes;
      const waitMs = due ? Math.max(0, Date.parse(due.at) - Date.now()) : undefined;
      const changed = await condition(() => changes !== seen || workflowInfo().continueAsNewSuggested, waitMs);
      if (!changed && due) await serviceLevelMissed(due.key);
    }
    await condition(() => allHandlersFinished() && sending === 0);
    // A reopen that came with this run's start may have been handled meanwhile.
    if (current().status === 'CLOSED') return current();
  }

  /** The earliest service level still to be kept, if any. */
  async function nextServiceLevel(s: CaseState, cfg: CaseSettings): Promise<{ key: string; at: string } | null> {
    const requests: { key: string; from: string; level: string }[] = [];
    if (!s.ownerId && s.allocatedAt) requests.push({ key: `assign:${s.allocatedAt}`, from: s.allocatedAt, level: cfg.serviceLevels.assignOwner });
    if (s.ownerId && s.assignedAt && !s.firstContactAt) requests.push({ key: `contact:${s.assignedAt}`, from: s.assignedAt, level: cfg.serviceLevels.firstContact });
    if (s.status !== 'ON_HOLD') requests.push({ key: `idle:${s.lastActivityAt}`, from: s.lastActivityAt, level: cfg.serviceLevels.inactivity });
    const open = requests.filter((r) => !s.reminded.includes(r.key));
    if (open.length === 0) return null;
    const deadlines = await db.serviceLevelDeadlines(open);
    const sorted = Object.entries(deadlines).sort((a, b) => a[1].localeCompare(b[1]));
    return sorted[0] ? { key: sorted[0][0], at: sorted[0][1] } : null;
  }

  async function serviceLevelMissed(key: string) {
    await exclusive(async () => {
      const s = current();
      const at = now();
      const eventId = `sla:${key}`;
      const levels = settings.serviceLevels;
      if (key.startsWith('assign:')) {
        const level = describe(levels.assignOwner);
        await db.recordReminder({ reference, eventId, at, overdue: true, summary: `No case owner after ${level}: escalated to the Workflow Lead` });
        s.overdue = true;
        send({ key: eventId, event: 'assignEscalation', to: ['leads'], data: { level } });
      } else if (key.startsWith('contact:')) {
        await db.recordReminder({ reference, eventId, at, summary: `No contact with the school recorded after ${describe(levels.firstContact)}: the case owner was reminded` });
        send({ key: eventId, event: 'firstContactReminder', to: ['owner'] });
      } else {
        await db.recordReminder({ reference, eventId, at, summary: `No activity for ${describe(levels.inactivity)}: the case owner and Primary Contact were reminded` });
        send({ key: eventId, event: 'inactivityReminder', to: ['owner', 'contact'] });
      }
      s.reminded = [...s.reminded.slice(-20), key];
      changes++;
    });
  }
}

const describe = (level: string) => (/^\d+$/.test(level.trim()) ? `${level.trim()} working day${level.trim() === '1' ? '' : 's'}` : level);

/**
 * Keeps the search attributes current so an operator can find the case in Temporal's Web UI.
 * Ids and status only, never a name: search attributes are not encrypted.
 */
function publish(s: CaseState) {
  const attrs: SearchAttributeUpdatePair[] = [
    { key: CaseReference, value: s.reference },
    { key: CaseStatus, value: s.status },
    { key: SchoolId, value: s.schoolId },
  ];
  if (s.providerId) attrs.push({ key: ProviderId, value: s.providerId });
  attrs.push({ key: CaseOwner, value: s.ownerId ?? null });
  upsertSearchAttributes(attrs);
}

// The provider's actions on a case: assign the owner (Workflow Lead), change status, close and
// reopen, share or stop sharing content with the school, and service referrals. Each is a small
// form page and a post that goes through the case workflow.
import { Router, type Request, type Response } from 'express';
import type { WebDeps } from '../deps';
import { render } from '../views';
import { actorOf, caseFor, param, requireSignIn } from './guards';
import { actingPerson } from '../acting';
import { formIdAfter, formIdFrom, reopenWithStart, runCaseUpdate, type UpdateOutcome } from '../caseUpdates';
import {
  assignOwnerUpdate,
  changeStatusUpdate,
  closeCaseUpdate,
  reopenCaseUpdate,
  saveReferralUpdate,
  setSharedUpdate,
  type ActionResult,
} from '../../workflows/messages';
import { CLOSURE_REASONS, ON_HOLD_HINT, refuseClose, refuseOnClosed, refuseReopen, refuseStatus } from '../../domain/caseRules';
import { allowedActions, type CaseAction } from '../../domain/permissions';
import type { FieldError } from '../../domain/requestForm';
import { parseLocalDay, localDay } from '../../domain/dates';
import { toBool, toCount, toDate } from '../../db/sql';
import type { CaseRecord } from '../queries/caseRecord';
import { HttpError } from '../errors';

export const REFERRAL_STATUSES = ['Pending', 'Referred', 'Received', 'Accepted', 'In progress', 'Declined', 'Completed'] as const;

// Whole, however long (the 200 kB form limit bounds it): too long is refused with the length
// named and the text shown again as typed, never cut short.
const text = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n/g, '\n').trim() : '');
const tooLong = (what: string, value: string, max: number) => `${what} must be ${max} characters or fewer (it is ${value.length})`;

export function providerActionRoutes(deps: WebDeps) {
  const router = Router();
  const { sql } = deps;

  /** Renders one of the action forms with the case header data every one of them shows. */
  const show = (req: Request, res: Response, view: string, record: CaseRecord, data: Record<string, unknown>, status = 200) =>
    render(res, `cases/${view}`, { title: `${data.heading as string}: case ${record.reference}`, record, can: allowedActions(actorOf(req), record), formId: formIdFrom(undefined), ...data }, status);

  const load = (req: Request, action: CaseAction) => caseFor(sql, actorOf(req), param(req, 'reference'), action);

  /** Posts an update; on refusal shows the form again with the message and what was typed. */
  async function carryOut(
    req: Request,
    res: Response,
    o: { view: string; record: CaseRecord; heading: string; values: Record<string, unknown>; done: string; run: (formId: string) => Promise<UpdateOutcome<ActionResult>>; extra?: Record<string, unknown> },
  ) {
    const formId = formIdFrom(req.body.formId);
    const outcome = await o.run(formId);
    if (!outcome.ok) {
      return show(req, res, o.view, o.record, { heading: o.heading, values: o.values, formId: formIdAfter(outcome, formId), errors: [{ field: '_form', message: outcome.message }], ...o.extra }, outcome.status);
    }
    res.redirect(303, `/cases/${o.record.reference}?done=${o.done}`);
  }

  // ---- case owner ----
  async function caseManagers(record: CaseRecord) {
    const rows = await sql.all<{ id: string; name: string; open: unknown }>(
      `SELECT u."id", u."name", COALESCE(t."n", 0) AS "open"
       FROM "User" u JOIN "RoleAssignment" r ON r."userId" = u."id" AND r."role" = 'CASE_MANAGER' AND r."providerId" = ?
       LEFT JOIN "CaseTally" t ON t."dimension" = 'owner' AND t."key" = u."id" AND t."closed" = ?
       WHERE u."active" = ? ORDER BY u."name"`,
      [record.providerId, false, true],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, open: toCount(r.open), current: r.id === record.ownerId }));
  }

  router.get('/cases/:reference/owner', requireSignIn, async (req, res) => {
    const record = await load(req, 'assignOwner');
    show(req, res, 'owner', record, { heading: record.ownerId ? 'Reassign case owner' : 'Assign case owner', managers: await caseManagers(record), values: { ownerId: record.ownerId ?? '' }, closed: refuseOnClosed(record) });
  });

  router.post('/cases/:reference/owner', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    const record = await load(req, 'assignOwner');
    const managers = await caseManagers(record);
    const ownerId = text(req.body.ownerId);
    const heading = record.ownerId ? 'Reassign case owner' : 'Assign case owner';
    const chosen = managers.find((m) => m.id === ownerId);
    const closed = refuseOnClosed(record);
    if (closed) return show(req, res, 'owner', record, { heading, managers, values: { ownerId }, closed, errors: [{ field: '_form', message: closed }] }, 409);
    if (!chosen) {
      return show(req, res, 'owner', record, { heading, managers, values: { ownerId }, errors: [{ field: 'ownerId', message: 'Choose a Case Manager of your service' }] }, 400);
    }
    if (chosen.current) {
      return show(req, res, 'owner', record, { heading, managers, values: { ownerId }, errors: [{ field: 'ownerId', message: `${chosen.name} is already the case owner` }] }, 400);
    }
    await carryOut(req, res, {
      view: 'owner',
      record,
      heading,
      values: { ownerId },
      extra: { managers },
      done: 'owner',
      run: (formId) =>
        runCaseUpdate(deps.temporal, record.reference, assignOwnerUpdate, { by: actingPerson(actor, record), ownerId: chosen.id, ownerName: chosen.name, ownerProviderIds: record.providerId ? [record.providerId] : [] }, formId),
    });
  });

  // ---- status ----
  router.get('/cases/:reference/status', requireSignIn, async (req, res) => {
    const record = await load(req, 'manage');
    show(req, res, 'status', record, { heading: 'Change status', values: { status: record.status === 'ON_HOLD' ? 'IN_PROGRESS' : 'ON_HOLD', reason: '' }, hint: ON_HOLD_HINT, closed: refuseOnClosed(record) });
  });

  router.post('/cases/:reference/status', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    const record = await load(req, 'manage');
    const status = req.body.status === 'IN_PROGRESS' ? 'IN_PROGRESS' : req.body.status === 'ON_HOLD' ? 'ON_HOLD' : '';
    const reason = text(req.body.reason);
    const values = { status, reason };
    const errors: FieldError[] = [];
    if (!status) errors.push({ field: 'status', message: 'Choose the new status' });
    if (status === 'ON_HOLD' && !reason) errors.push({ field: 'reason', message: 'Say why the case is on hold' });
    if (reason.length > 500) errors.push({ field: 'reason', message: tooLong('The reason', reason, 500) });
    const refusal = status ? refuseStatus(record, status) : null;
    if (refusal) errors.push({ field: '_form', message: refusal });
    if (errors.length) return show(req, res, 'status', record, { heading: 'Change status', values, errors, hint: ON_HOLD_HINT }, 400);
    await carryOut(req, res, {
      view: 'status',
      record,
      heading: 'Change status',
      values,
      extra: { hint: ON_HOLD_HINT },
      done: 'status',
      run: (formId) => runCaseUpdate(deps.temporal, record.reference, changeStatusUpdate, { by: actingPerson(actor, record), status: status as 'IN_PROGRESS' | 'ON_HOLD', reason }, formId),
    });
  });

  // ---- close and reopen ----
  router.get('/cases/:reference/close', requireSignIn, async (req, res) => {
    const record = await load(req, 'manage');
    show(req, res, 'close', record, { heading: 'Close case', reasons: CLOSURE_REASONS, values: { reason: '', summary: '' }, closed: refuseClose(record) });
  });

  router.post('/cases/:reference/close', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    const record = await load(req, 'manage');
    const reason = text(req.body.reason);
    const summary = text(req.body.summary);
    const values = { reason, summary };
    const errors: FieldError[] = [];
    if (!(CLOSURE_REASONS as readonly string[]).includes(reason)) errors.push({ field: 'reason', message: 'Choose why the case is closing' });
    if (!summary) errors.push({ field: 'summary', message: 'Write a short closure summary: what support was given and the outcome' });
    if (summary.length > 4000) errors.push({ field: 'summary', message: tooLong('The summary', summary, 4000) });
    const refusal = refuseClose(record);
    if (refusal) errors.push({ field: '_form', message: refusal });
    if (errors.length) return show(req, res, 'close', record, { heading: 'Close case', reasons: CLOSURE_REASONS, values, errors }, 400);
    await carryOut(req, res, {
      view: 'close',
      record,
      heading: 'Close case',
      values,
      extra: { reasons: CLOSURE_REASONS },
      done: 'closed',
      run: (formId) => runCaseUpdate(deps.temporal, record.reference, closeCaseUpdate, { by: actingPerson(actor, record), reason, summary }, formId),
    });
  });

  router.get('/cases/:reference/reopen', requireSignIn, async (req, res) => {
    const record = await load(req, 'manage');
    show(req, res, 'reopen', record, { heading: 'Reopen case', values: { reason: '' }, closed: refuseReopen(record) });
  });

  router.post('/cases/:reference/reopen', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    const record = await load(req, 'manage');
    const reason = text(req.body.reason);
    const errors: FieldError[] = [];
    if (!reason) errors.push({ field: 'reason', message: 'Say why the case is being reopened' });
    if (reason.length > 500) errors.push({ field: 'reason', message: tooLong('The reason', reason, 500) });
    const refusal = refuseReopen(record);
    if (refusal) errors.push({ field: '_form', message: refusal });
    if (errors.length) return show(req, res, 'reopen', record, { heading: 'Reopen case', values: { reason }, errors }, 400);
    await carryOut(req, res, {
      view: 'reopen',
      record,
      heading: 'Reopen case',
      values: { reason },
      done: 'reopened',
      run: (formId) =>
        reopenWithStart(deps.temporal, { reference: record.reference, taskQueue: deps.config.temporal.taskQueue, settings: deps.config.caseSettings }, reopenCaseUpdate, { by: actingPerson(actor, record), reason }, formId),
    });
  });

  // ---- sharing ----
  router.post('/cases/:reference/share', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    const record = await load(req, 'shareProviderContent');
    const kind = req.body.kind;
    const itemId = text(req.body.itemId);
    if ((kind !== 'comment' && kind !== 'file' && kind !== 'referral') || !itemId) throw new HttpError(400, 'bad-request', 'That item could not be found on this case.');
    const back = req.body.back === 'related' ? `/cases/${record.reference}/related` : `/cases/${record.reference}`;
    const closed = refuseOnClosed(record);
    if (closed) throw new HttpError(409, 'conflict', closed);
    const outcome = await runCaseUpdate(deps.temporal, record.reference, setSharedUpdate, { by: actingPerson(actor, record), kind, itemId, shared: req.body.shared === 'yes' }, formIdFrom(req.body.formId));
    if (!outcome.ok) throw new HttpError(outcome.status, outcome.unknown ? 'unavailable' : 'conflict', outcome.message);
    res.redirect(303, `${back}?done=${req.body.shared === 'yes' ? 'shared' : 'unshared'}`);
  });

  // ---- service referrals ----
  const referralForm = (req: Request, res: Response, record: CaseRecord, values: Record<string, unknown>, editing: { id: string; number: string } | null, errors?: FieldError[], status = 200, formId?: string) =>
    show(req, res, 'referral', record, { heading: editing ? `Service referral ${editing.number}` : 'Add service referral', editing, statuses: REFERRAL_STATUSES, values, errors, formId: formId ?? formIdFrom(undefined), closed: refuseOnClosed(record) }, status);

  router.get('/cases/:reference/referrals/new', requireSignIn, async (req, res) => {
    const record = await load(req, 'manage');
    referralForm(req, res, record, { date: localDay(new Date()), source: record.providerName ?? '', status: 'Pending', serviceName: '', serviceProvider: '', shared: false }, null);
  });

  router.get('/cases/:reference/referrals/:id', requireSignIn, async (req, res) => {
    const record = await load(req, 'manage');
    const r = await sql.get<Record<string, unknown>>('SELECT * FROM "ServiceReferral" WHERE "id" = ? AND "caseId" = ?', [param(req, 'id'), record.id]);
    if (!r) throw new HttpError(404, 'not-found');
    referralForm(
      req,
      res,
      record,
      { date: localDay(toDate(r.date)), source: r.source, status: r.status, serviceName: r.serviceName, serviceProvider: r.serviceProvider, shared: toBool(r.shared) },
      { id: String(r.id), number: String(r.number) },
    );
  });

  async function saveReferral(req: Request, res: Response, referralId: string | null) {
    const actor = actorOf(req);
    const record = await load(req, 'manage');
    let editing: { id: string; number: string } | null = null;
    if (referralId) {
      const r = await sql.get<{ id: string; number: string }>('SELECT "id", "number" FROM "ServiceReferral" WHERE "id" = ? AND "caseId" = ?', [referralId, record.id]);
      if (!r) throw new HttpError(404, 'not-found');
      editing = r;
    }
    const values = {
      date: text(req.body.date),
      source: text(req.body.source),
      status: text(req.body.status),
      serviceName: text(req.body.serviceName),
      serviceProvider: text(req.body.serviceProvider),
      shared: req.body.shared === 'yes',
    };
    const errors: FieldError[] = [];
    const day = parseLocalDay(values.date);
    if (!day) errors.push({ field: 'date', message: 'Enter the referral date as a real date, like 2026-06-13' });
    if (!values.source) errors.push({ field: 'source', message: 'Enter who made the referral' });
    if (!(REFERRAL_STATUSES as readonly string[]).includes(values.status)) errors.push({ field: 'status', message: 'Choose the referral’s status' });
    if (!values.serviceName) errors.push({ field: 'serviceName', message: 'Enter the service, like Public Health Nurse' });
    if (!values.serviceProvider) errors.push({ field: 'serviceProvider', message: 'Enter who provides the service, like Health NZ' });
    for (const f of ['source', 'serviceName', 'serviceProvider'] as const) {
      if (values[f].length > 200) errors.push({ field: f, message: tooLong('This', values[f], 200) });
    }
    const closed = refuseOnClosed(record);
    if (closed) errors.unshift({ field: '_form', message: closed });
    const formId = formIdFrom(req.body.formId);
    if (errors.length) return referralForm(req, res, record, values, editing, errors, 400, formId);
    const outcome = await runCaseUpdate(
      deps.temporal,
      record.reference,
      saveReferralUpdate,
      { by: actingPerson(actor, record), referralId: editing?.id, date: day!.toISOString(), source: values.source, status: values.status, serviceName: values.serviceName, serviceProvider: values.serviceProvider, shared: values.shared },
      formId,
    );
    if (!outcome.ok) return referralForm(req, res, record, values, editing, [{ field: '_form', message: outcome.message }], outcome.status, formIdAfter(outcome, formId));
    res.redirect(303, `/cases/${record.reference}/related?done=referral`);
  }

  router.post('/cases/:reference/referrals', requireSignIn, (req, res) => saveReferral(req, res, null));
  router.post('/cases/:reference/referrals/:id', requireSignIn, (req, res) => saveReferral(req, res, param(req, 'id')));

  return router;
}

// The case lists (/cases) and the case page with its three tabs: Activity, Details and Related.
import { Router, type Request } from 'express';
import type { WebDeps } from '../deps';
import { render } from '../views';
import { actorOf, caseFor, param, requireSignIn } from './guards';
import { listCases, SORTS, type CaseListFilters, type SortKey } from '../queries/caseList';
import { readComments, readFiles, readReferrals, readTimeline, isProviderViewer } from '../queries/caseContent';
import { allowedActions, caseListScope } from '../../domain/permissions';
import { ACTIVE_STATUSES, CASE_STATUS_LABELS } from '../../domain/caseStatus';
import { parseLocalDay } from '../../domain/dates';
import { contactChoices } from '../../requests/eligibility';
import { schoolsWhere, type Actor } from '../../domain/roles';
import { findRequest } from '../../requests/drafts';
import type { CaseRecord } from '../queries/caseRecord';
import type { FieldError } from '../../domain/requestForm';
import { presentCaseRows, presentTimeline } from '../present';

const PAGE_SIZE = 25;

/** The confirmation shown after an action, chosen by the address it redirected to. */
function doneMessage(done: unknown, n: unknown): string | null {
  const count = Number(n) || 1;
  const messages: Record<string, string> = {
    comment: 'Your comment has been added.',
    files: count === 1 ? 'Your file has been uploaded.' : `Your ${count} files have been uploaded.`,
    contact: 'The Primary Contact has been updated.',
    owner: 'The case owner has been assigned and told.',
    status: 'The status has been changed.',
    closed: 'The case has been closed.',
    reopened: 'The case has been reopened.',
    shared: 'Shared with the school.',
    unshared: 'No longer shared with the school.',
    referral: 'The service referral has been saved.',
  };
  return typeof done === 'string' && Object.hasOwn(messages, done) ? (messages[done] ?? null) : null;
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** Reads the list's filters from the address (so a list can be bookmarked), with a message for each bad one. */
export function parseListQuery(query: Request['query']): { filters: CaseListFilters; errors: FieldError[]; raw: Record<string, string> } {
  const raw = {
    view: str(query.view) === 'closed' ? 'closed' : 'active',
    q: str(query.q).slice(0, 100),
    status: str(query.status),
    contact: str(query.contact).slice(0, 100),
    from: str(query.from),
    to: str(query.to),
    sort: str(query.sort),
    dir: str(query.dir),
    page: str(query.page),
  };
  const errors: FieldError[] = [];
  const view = raw.view as 'active' | 'closed';
  // hasOwn, not `in`: `in` also finds what every object inherits (?sort=constructor).
  const sort: SortKey = typeof raw.sort === 'string' && Object.hasOwn(SORTS, raw.sort) ? (raw.sort as SortKey) : view === 'closed' ? 'closed' : 'opened';
  const filters: CaseListFilters = {
    view,
    q: raw.q || undefined,
    sort,
    dir: raw.dir === 'asc' ? 'asc' : raw.dir === 'desc' ? 'desc' : sort === 'opened' || sort === 'closed' ? 'desc' : 'asc',
    page: /^\d{1,6}$/.test(raw.page) ? Number(raw.page) : 1,
    pageSize: PAGE_SIZE,
    primaryContactId: raw.contact || undefined,
  };
  // Closed cases have one status, so the closed list has no status filter: a status there is ignored.
  if (raw.status && view === 'active') {
    if ((ACTIVE_STATUSES as string[]).includes(raw.status)) filters.status = raw.status;
    else errors.push({ field: 'status', message: 'Choose a status from the list' });
  }
  if (raw.from) {
    const d = parseLocalDay(raw.from);
    if (d) filters.openedFrom = d;
    else errors.push({ field: 'from', message: 'Enter the "opened from" date as a real date, like 2026-06-01' });
  }
  if (raw.to) {
    const d = parseLocalDay(raw.to);
    // "To" includes the whole day.
    if (d) filters.openedTo = new Date(d.getTime() + 86_400_000);
    else errors.push({ field: 'to', message: 'Enter the "opened to" date as a real date, like 2026-06-30' });
  }
  if (filters.openedFrom && filters.openedTo && filters.openedFrom >= filters.openedTo) {
    errors.push({ field: 'to', message: 'The "opened to" date must be the same as or after the "opened from" date' });
    delete filters.openedTo;
  }
  return { filters, errors, raw };
}

/** Builds list addresses that keep every other filter, for sort headers and pagination. */
function linkWith(raw: Record<string, string>, change: Record<string, string>) {
  let query = '';
  for (const key of Object.keys(raw)) {
    const value = key in change ? change[key] : raw[key];
    if (value) query += `${query ? '&' : ''}${key}=${encodeURIComponent(value)}`;
  }
  return `/cases?${query}`;
}

function sortLinks(raw: Record<string, string>, filters: CaseListFilters) {
  const out: Record<string, { href: string; aria: string }> = {};
  for (const key of Object.keys(SORTS)) {
    const active = filters.sort === key;
    const nextDir = active && filters.dir === 'asc' ? 'desc' : 'asc';
    out[key] = {
      href: linkWith(raw, { sort: key, dir: nextDir, page: '' }),
      aria: active ? (filters.dir === 'asc' ? 'ascending' : 'descending') : 'none',
    };
  }
  return out;
}

export function caseRoutes(deps: WebDeps) {
  const router = Router();
  const { sql } = deps;

  // The Primary Contact filter's choices change only when someone's roles do; a minute's delay
  // in a filter's options is harmless and saves a query on every list page.
  const contactCache = new Map<string, { at: number; value: Promise<Awaited<ReturnType<typeof contactChoices>>> }>();
  function filterContacts(schoolIds: string[]) {
    const key = schoolIds.join('|');
    const hit = contactCache.get(key);
    if (hit && hit.at > Date.now() - 60_000) return hit.value;
    const value = contactChoices(sql, schoolIds);
    if (contactCache.size > 1000) contactCache.clear();
    contactCache.set(key, { at: Date.now(), value });
    value.catch(() => contactCache.delete(key));
    return value;
  }

  router.get('/cases', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    const { filters, errors, raw } = parseListQuery(req.query);
    const [list, contacts] = await Promise.all([
      listCases(sql, caseListScope(actor), filters),
      filterContacts(schoolsWhere(actor, 'PRIMARY_CONTACT', 'OFFICE_SUPPORT', 'ATTENDANCE_LEAD')),
    ]);
    const pages = [];
    for (let p = Math.max(1, list.page - 2); p <= Math.min(list.pages, list.page + 2); p++) {
      pages.push({ n: p, href: linkWith(raw, { page: String(p) }), current: p === list.page });
    }
    render(res, 'cases/list', {
      title: filters.view === 'closed' ? 'Closed cases' : 'Active cases',
      closed: filters.view === 'closed',
      // Also the table partial's whole context (a partial given arguments would copy the page's data).
      list: {
        total: list.total,
        page: list.page,
        pages: list.pages,
        rows: presentCaseRows(list.rows),
        sorts: sortLinks(raw, filters),
        caption: filters.view === 'closed' ? 'Closed cases' : 'Active cases',
        empty: filters.view === 'closed' ? 'No closed cases match.' : 'No active cases match.',
      },
      raw,
      errors,
      statuses: ACTIVE_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] })),
      contacts,
      pagination: {
        pages,
        prev: list.page > 1 ? linkWith(raw, { page: String(list.page - 1) }) : null,
        next: list.page < list.pages ? linkWith(raw, { page: String(list.page + 1) }) : null,
        from: list.total === 0 ? 0 : (list.page - 1) * PAGE_SIZE + 1,
        to: Math.min(list.total, list.page * PAGE_SIZE),
      },
      hasFilters: Boolean(raw.q || raw.status || raw.contact || raw.from || raw.to),
      clearHref: `/cases?view=${filters.view}`,
    });
  });

  function header(req: Request, actor: Actor, record: CaseRecord) {
    const can = allowedActions(actor, record);
    const closedCase = record.status === 'CLOSED';
    return {
      record,
      can,
      closedCase,
      providerView: isProviderViewer(actor, record),
      canShare: can.shareProviderContent && !closedCase,
      canManage: can.manage && !closedCase,
      done: doneMessage(req.query.done, req.query.n),
    };
  }

  router.get('/cases/:reference', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    const record = await caseFor(sql, actor, param(req, 'reference'));
    const timeline = await readTimeline(sql, actor, record);
    render(res, 'cases/activity', {
      title: `Case ${record.reference}`,
      tab: 'activity',
      ...header(req, actor, record),
      timeline: presentTimeline(timeline),
      submitted: req.query.submitted === '1',
    });
  });

  router.get('/cases/:reference/details', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    const record = await caseFor(sql, actor, param(req, 'reference'));
    const request = await findRequest(deps.db, record.requestNumber);
    render(res, 'cases/details', {
      title: `Details: case ${record.reference}`,
      tab: 'details',
      ...header(req, actor, record),
      answers: request?.answers ?? {},
    });
  });

  router.get('/cases/:reference/related', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    const record = await caseFor(sql, actor, param(req, 'reference'));
    const [comments, files, referrals, request] = await Promise.all([
      readComments(sql, actor, record),
      readFiles(sql, actor, record),
      readReferrals(sql, actor, record),
      sql.get<{ number: string; submittedAt: unknown; createdBy: string }>(
        `SELECT r."number", r."submittedAt", u."name" AS "createdBy" FROM "Request" r JOIN "User" u ON u."id" = r."createdById" WHERE r."number" = ?`,
        [record.requestNumber],
      ),
    ]);
    render(res, 'cases/related', {
      title: `Related: case ${record.reference}`,
      tab: 'related',
      ...header(req, actor, record),
      comments,
      files,
      referrals,
      request,
    });
  });

  return router;
}

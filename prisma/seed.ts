// Loads the demo data (prisma/demoData.ts) and starts a workflow for each demo case. Every write is
// an upsert that creates what is missing and leaves existing rows alone, so running it again keeps
// whatever people changed since.
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Db } from '../db/prisma';
import { refreshCaseScope } from '../db/enrolmentScope';
import { orgKeyFor, type RoleGrant } from '../domain/roles';
import { COUNTER_STARTS } from '../domain/numbers';
import { CASE_STATUS_LABELS } from '../domain/caseStatus';
import type { RequestAnswers } from '../domain/requestForm';
import { caseWorkflowId } from '../temporal.config';
import { CaseReference } from '../workflows/searchAttributes';
import type { CaseLifecycleInput, CaseSettings } from '../workflows/messages';
import { CASES, CATCHMENTS, DRAFTS, PROVIDERS, SCHOOLS, STUDENTS, USERS, type DemoCase } from './demoData';

const day = (iso: string) => new Date(`${iso}T00:00:00+12:00`);

// New Zealand public holidays, for the working-day service levels.
const HOLIDAYS: [string, string][] = [
  ['2026-12-25', 'Christmas Day'],
  ['2026-12-28', 'Boxing Day (observed)'],
  ['2027-01-01', "New Year's Day"],
  ['2027-01-04', "Day after New Year's Day (observed)"],
  ['2027-02-08', 'Waitangi Day (observed)'],
  ['2027-03-26', 'Good Friday'],
  ['2027-03-29', 'Easter Monday'],
  ['2027-04-26', 'Anzac Day (observed)'],
];

export async function seedReferenceData(db: Db): Promise<void> {
  for (const p of PROVIDERS) await db.provider.upsert({ where: { id: p.id }, update: {}, create: p });
  for (const c of CATCHMENTS) await db.catchment.upsert({ where: { id: c.id }, update: {}, create: c });
  for (const s of SCHOOLS) await db.school.upsert({ where: { id: s.id }, update: {}, create: s });
  for (const u of USERS) {
    await db.user.upsert({
      where: { id: u.id },
      update: {},
      create: { id: u.id, name: u.name, nameSearch: u.name.toLowerCase(), email: u.email, phone: u.phone },
    });
    for (const r of u.roles) {
      const grant: RoleGrant = { role: r.role, schoolId: r.schoolId ?? null, providerId: r.providerId ?? null };
      const orgKey = orgKeyFor(grant);
      await db.roleAssignment.upsert({
        where: { userId_role_orgKey: { userId: u.id, role: r.role, orgKey } },
        update: {},
        create: { id: `${u.id}:${r.role}:${orgKey}`, userId: u.id, ...grant, orgKey },
      });
    }
  }
  for (const st of STUDENTS) {
    await db.student.upsert({
      where: { id: st.id },
      update: {},
      create: {
        id: st.id,
        nsn: st.nsn,
        givenName: st.givenName,
        familyName: st.familyName,
        nameSearch: `${st.givenName} ${st.familyName}`.toLowerCase(),
        dateOfBirth: day(st.dateOfBirth),
      },
    });
    for (const e of st.enrolments) {
      await db.enrolment.upsert({
        where: { studentId_schoolId_startDate: { studentId: st.id, schoolId: e.schoolId, startDate: day(e.start) } },
        update: {},
        create: { id: `${st.id}:${e.schoolId}:${e.start}`, studentId: st.id, schoolId: e.schoolId, startDate: day(e.start), endDate: e.end ? day(e.end) : null },
      });
    }
  }
  for (const [name, value] of Object.entries(COUNTER_STARTS)) {
    // Never below the start: numbers under it belong to the demo data.
    await db.counter.upsert({ where: { name }, update: {}, create: { name, value } });
    await db.counter.updateMany({ where: { name, value: { lt: value } }, data: { value } });
  }
  for (const [date, name] of HOLIDAYS) await db.publicHoliday.upsert({ where: { date }, update: {}, create: { date, name } });
}

function demoAnswers(c: DemoCase, contactPhone: string, contactEmail: string): RequestAnswers {
  return {
    student: { studentId: c.studentId },
    attendance: { attendanceRate: 68, daysMissed: 14, pattern: 'Whole days missed', patternNotes: 'Mostly Mondays and Fridays.' },
    concerns: {
      concerns: 'Attendance has dropped steadily this year and the student seems withdrawn.',
      alreadyTried: 'Phone calls home, a meeting with whānau, and a morning check-in with the dean.',
      otherAgencies: '',
    },
    whanau: {
      caregiverName: 'Parent or caregiver',
      relationship: 'Parent',
      caregiverPhone: '021 000 0000',
      caregiverEmail: '',
      preferredLanguage: 'English',
      consentToShare: 'yes',
      consentNotes: '',
    },
    primaryContact: { userId: c.primaryContactId, phone: contactPhone, email: contactEmail },
  };
}

const userName = (id: string) => USERS.find((u) => u.id === id)?.name ?? id;

async function seedCase(db: Db, c: DemoCase): Promise<void> {
  const school = SCHOOLS.find((s) => s.id === c.schoolId)!;
  const catchment = CATCHMENTS.find((x) => x.id === school.catchmentId)!;
  const providerId = school.inSchoolProviderId ?? catchment.providerId;
  const student = STUDENTS.find((s) => s.id === c.studentId)!;
  const contact = USERS.find((u) => u.id === c.primaryContactId)!;
  const openedAt = new Date(c.openedAt);
  const at = (minutes: number) => new Date(openedAt.getTime() + minutes * 60_000);

  await db.request.upsert({
    where: { number: c.requestNumber },
    update: {},
    create: {
      number: c.requestNumber,
      status: 'SUBMITTED',
      schoolId: c.schoolId,
      studentId: c.studentId,
      createdById: c.createdById,
      answers: JSON.stringify(demoAnswers(c, contact.phone, contact.email)),
      currentStep: 5,
      createdAt: at(-30),
      submittedAt: openedAt,
      caseReference: c.reference,
    },
  });
  const learnerName = `${student.givenName} ${student.familyName}`;
  const assignedAt = c.ownerId ? at(60 * 24) : null;
  const row = await db.case.upsert({
    where: { reference: c.reference },
    update: {},
    create: {
      reference: c.reference,
      requestNumber: c.requestNumber,
      status: c.status,
      openedAt,
      studentId: c.studentId,
      learnerName,
      learnerSearch: learnerName.toLowerCase(),
      schoolId: c.schoolId,
      catchmentId: catchment.id,
      providerId,
      allocatedAt: at(1),
      ownerId: c.ownerId ?? null,
      assignedAt,
      // Moving a case to In progress records contact with the school (as the workflow does), so an
      // adopted demo case that is past that point is not reminded about first contact.
      firstContactAt: ['IN_PROGRESS', 'ON_HOLD', 'CLOSED'].includes(c.status) ? at(60 * 24 * 2) : null,
      primaryContactId: contact.id,
      primaryContactName: contact.name,
      primaryContactPhone: contact.phone,
      primaryContactEmail: contact.email,
      onHoldReason: c.onHoldReason ?? null,
      lastActivityAt: c.closedAt ? new Date(c.closedAt) : at(60 * 24 * 2),
      closedAt: c.closedAt ? new Date(c.closedAt) : null,
      closureReason: c.closureReason ?? null,
      closureSummary: c.closureSummary ?? null,
    },
  });

  const events: { id: string; actorId: string | null; kind: string; summary: string; at: Date; audience?: string; before?: string; after?: string; commentId?: string; referralId?: string }[] = [
    { id: 'opened', actorId: c.createdById, kind: 'CASE_OPENED', summary: `Request ${c.requestNumber} submitted by ${school.name}; case ${c.reference} opened`, at: openedAt },
    { id: 'allocated', actorId: null, kind: 'CASE_ALLOCATED', summary: `Allocated to ${PROVIDERS.find((p) => p.id === providerId)!.name}`, at: at(1), before: 'Submitted', after: 'Allocated' },
  ];
  if (c.ownerId && assignedAt) {
    events.push({ id: 'assigned', actorId: null, kind: 'OWNER_ASSIGNED', summary: `Case owner set to ${userName(c.ownerId)}`, at: assignedAt, before: 'Allocated', after: 'Assigned' });
  }
  if (c.status === 'IN_PROGRESS' || c.status === 'ON_HOLD' || c.status === 'CLOSED') {
    events.push({ id: 'in-progress', actorId: c.ownerId ?? null, kind: 'STATUS_CHANGED', summary: 'Status changed to In progress', at: at(60 * 24 * 2), before: 'Assigned', after: 'In progress' });
  }
  if (c.status === 'ON_HOLD') {
    events.push({ id: 'on-hold', actorId: c.ownerId ?? null, kind: 'STATUS_CHANGED', summary: `Status changed to On hold: ${c.onHoldReason}`, at: at(60 * 24 * 3), before: 'In progress', after: 'On hold' });
  }
  for (const [i, cm] of (c.comments ?? []).entries()) {
    const id = `${c.reference}-demo-comment-${i + 1}`;
    await db.comment.upsert({
      where: { id },
      update: {},
      create: { id, caseId: row.id, authorId: cm.by, authorName: userName(cm.by), authorSide: cm.side, body: cm.body, shared: cm.shared ?? false, createdAt: new Date(cm.at) },
    });
    events.push({ id: `comment-${i + 1}`, actorId: cm.by, kind: 'COMMENT_ADDED', summary: 'Comment added', at: new Date(cm.at), commentId: id });
  }
  for (const r of c.referrals ?? []) {
    const id = `${c.reference}-${r.number}`;
    await db.serviceReferral.upsert({
      where: { number: r.number },
      update: {},
      create: { id, caseId: row.id, number: r.number, date: new Date(r.date), source: r.source, status: r.status, serviceName: r.serviceName, serviceProvider: r.serviceProvider, shared: r.shared ?? false, createdById: c.ownerId ?? null, createdAt: new Date(r.date), updatedAt: new Date(r.date) },
    });
    events.push({ id: `referral-${r.number}`, actorId: c.ownerId ?? null, kind: 'REFERRAL_ADDED', summary: `Service referral ${r.number} added: ${r.serviceName} (${r.serviceProvider})`, at: new Date(r.date), audience: 'PROVIDER', referralId: id });
  }
  if (c.status === 'CLOSED' && c.closedAt) {
    events.push({ id: 'closed', actorId: c.ownerId ?? null, kind: 'CASE_CLOSED', summary: `Case closed: ${c.closureReason}`, at: new Date(c.closedAt), before: CASE_STATUS_LABELS.IN_PROGRESS, after: 'Closed' });
  }
  for (const e of events) {
    const id = `${c.reference}:demo:${e.id}`;
    await db.timelineEvent.upsert({
      where: { id },
      update: {},
      create: {
        id,
        caseId: row.id,
        actorId: e.actorId,
        actorName: e.actorId ? userName(e.actorId) : 'Attendance Service',
        kind: e.kind,
        summary: e.summary,
        audience: e.audience ?? 'ALL',
        commentId: e.commentId,
        referralId: e.referralId,
        before: e.before,
        after: e.after,
        createdAt: e.at,
      },
    });
  }
}

export async function seedDemoCases(db: Db): Promise<void> {
  for (const c of CASES) await seedCase(db, c);
  for (const st of STUDENTS) await refreshCaseScope(db, st.id);
  for (const d of DRAFTS) {
    const contact = USERS.find((u) => u.id === d.createdById)!;
    const answers: RequestAnswers = { student: { studentId: d.studentId } };
    if (d.step > 2) {
      answers.attendance = { attendanceRate: 74, daysMissed: 11, pattern: 'Late arrival or leaving early', patternNotes: '' };
    }
    await db.request.upsert({
      where: { number: d.number },
      update: {},
      create: {
        number: d.number,
        status: 'DRAFT',
        schoolId: d.schoolId,
        studentId: d.studentId,
        createdById: contact.id,
        answers: JSON.stringify(answers),
        currentStep: d.step,
        createdAt: new Date(d.updatedAt),
        updatedAt: new Date(d.updatedAt),
      },
    });
  }
}

/**
 * Starts (adopts) a workflow for every demo case that has none yet. A closed demo case's workflow
 * completes at once, so the operator still finds its history in Temporal's Web UI.
 */
export async function adoptDemoCases(client: Client, taskQueue: string, settings?: CaseSettings): Promise<number> {
  let started = 0;
  for (const c of CASES) {
    const input: CaseLifecycleInput = { reference: c.reference, adopt: true, settings };
    try {
      await client.workflow.start('caseLifecycle', {
        workflowId: caseWorkflowId(c.reference),
        taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [{ key: CaseReference, value: c.reference }],
      });
      started++;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  return started;
}

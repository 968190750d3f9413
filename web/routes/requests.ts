// The Chronic Absence request: information page, Start Request, the form page by page (each page
// checked on its own, Save draft everywhere), the review page and Submit.
import { Router, type Request, type Response } from 'express';
import type { WebDeps } from '../deps';
import { render } from '../views';
import { actorOf, param, requireSignIn } from './guards';
import { HttpError } from '../errors';
import { canSeeDraft, canStartRequest, requestSchools } from '../../domain/permissions';
import {
  STEPS,
  STEP_COUNT,
  ATTENDANCE_PATTERNS,
  draftValues,
  firstIncompleteStep,
  stepByNumber,
  stringify,
  validateStep,
  type FieldError,
  type RequestAnswers,
  type StepDefinition,
} from '../../domain/requestForm';
import { isRequestNumber } from '../../domain/numbers';
import { deleteDraft, findRequest, savePage, startDraft, StaleDraftError, type Draft } from '../../requests/drafts';
import { reserveCaseReference, startCase } from '../../requests/submit';
import { contactChoices, eligibleContact, enrolledStudent, findEnrolledStudents } from '../../requests/eligibility';
import type { Actor } from '../../domain/roles';
import { chooseProvider, NoProviderError } from '../../domain/allocation';

const field = (body: unknown, name: string) => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};

export function requestRoutes(deps: WebDeps) {
  const router = Router();
  const { db, sql } = deps;

  async function schoolOptions(actor: Actor) {
    const ids = requestSchools(actor);
    if (ids.length === 0) return [];
    const rows = await sql.all<{ id: string; name: string }>(
      `SELECT "id", "name" FROM "School" WHERE "id" IN (${ids.map(() => '?').join(', ')}) ORDER BY "name"`,
      ids,
    );
    return rows;
  }

  /** The draft in the address, if it is the actor's own: anyone else gets a 404. */
  async function ownDraft(req: Request): Promise<Draft> {
    const number = param(req, 'number');
    if (!number || !isRequestNumber(number)) throw new HttpError(404, 'not-found');
    const draft = await findRequest(db, number);
    if (!draft || !canSeeDraft(actorOf(req), draft)) throw new HttpError(404, 'not-found');
    return draft;
  }

  router.get('/services/chronic-absence', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    render(res, 'request/information', {
      title: 'Chronic Absence request for support',
      canStart: canStartRequest(actor),
      schools: await schoolOptions(actor),
      steps: STEPS,
    });
  });

  router.post('/requests', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    const schools = requestSchools(actor);
    if (schools.length === 0) throw new HttpError(403, 'forbidden', 'Only Primary Contacts, Office Support and Attendance Leads can start a request.');
    const chosen = field(req.body, 'schoolId') || (schools.length === 1 ? schools[0] : '');
    if (!chosen || !schools.includes(chosen)) {
      return render(
        res,
        'request/information',
        {
          title: 'Chronic Absence request for support',
          canStart: true,
          schools: await schoolOptions(actor),
          steps: STEPS,
          errors: [{ field: 'schoolId', message: 'Select the school this request is from' }],
        },
        400,
      );
    }
    const draft = await startDraft(db, actor.id, chosen);
    deps.log.info({ requestNumber: draft.number }, 'request started');
    res.redirect(303, `/requests/${draft.number}/step/1`);
  });

  async function renderStep(
    req: Request,
    res: Response,
    draft: Draft,
    step: StepDefinition,
    values: Record<string, string>,
    errors: FieldError[] = [],
    status = 200,
    notice?: string,
  ) {
    const data: Record<string, unknown> = {};
    if (step.key === 'student') {
      // The search travels with the form too, so an error on the page keeps the results shown.
      const asked = typeof req.query.q === 'string' ? req.query.q : typeof req.body?.q === 'string' ? req.body.q : '';
      const query = asked.slice(0, 100);
      data.query = query;
      data.results = query ? await findEnrolledStudents(sql, draft.schoolId, query) : [];
      data.searched = query.length > 0;
      if (values.studentId) data.selected = await enrolledStudent(sql, draft.schoolId, values.studentId);
    }
    if (step.key === 'attendance') data.patterns = ATTENDANCE_PATTERNS;
    if (step.key === 'primaryContact') data.contacts = await contactChoices(sql, [draft.schoolId]);
    render(
      res,
      `request/${step.key}`,
      {
        title: `${step.title}: Chronic Absence request for support`,
        heading: step.title,
        draft,
        step,
        stepCount: STEP_COUNT,
        steps: STEPS.map((s) => ({ ...s, current: s.n === step.n, done: Boolean(draft.answers[s.key]) })),
        values,
        errors,
        notice,
        ...data,
      },
      status,
    );
  }

  function stepOf(req: Request): StepDefinition {
    const step = stepByNumber(Number(param(req, 'step')));
    if (!step) throw new HttpError(404, 'not-found');
    return step;
  }

  router.get('/requests/:number/step/:step', requireSignIn, async (req, res) => {
    const draft = await ownDraft(req);
    if (draft.status !== 'DRAFT') return res.redirect(303, draft.caseReference ? `/cases/${draft.caseReference}` : '/');
    const step = stepOf(req);
    const stored = draft.answers[step.key] as Record<string, unknown> | undefined;
    const values = stored ? stringify(stored) : {};
    if (step.key === 'primaryContact' && !values.userId) {
      // A sensible start: the person filling in the form, if they may be the contact.
      const me = await eligibleContact(sql, draft.schoolId, actorOf(req).id);
      if (me) Object.assign(values, { userId: me.id, phone: me.phone ?? '', email: me.email });
    }
    if (step.key === 'student' && typeof req.query.studentId === 'string') values.studentId = req.query.studentId;
    // Sent here from the review page to finish this page: say at once what is missing or wrong.
    const checked = req.query.check === '1' ? validateStep(step.key, values) : null;
    const errors = checked && !checked.ok ? checked.errors : [];
    await renderStep(req, res, draft, step, values, errors, 200, req.query.saved === '1' ? 'Your draft has been saved.' : undefined);
  });

  router.post('/requests/:number/step/:step', requireSignIn, async (req, res) => {
    const draft = await ownDraft(req);
    if (draft.status !== 'DRAFT') return res.redirect(303, draft.caseReference ? `/cases/${draft.caseReference}` : '/');
    const step = stepOf(req);
    const action = field(req.body, 'action') === 'save' ? 'save' : 'continue';
    // Anything but the number the page was given is treated as a stale page: nothing is overwritten.
    const versionField = field(req.body, 'version');
    const version = /^\d{1,9}$/.test(versionField) ? Number(versionField) : -1;
    const typed = draftValues(step.key, req.body as Record<string, unknown>);

    let errors: FieldError[] = [];
    let value: unknown = typed;
    if (action === 'continue') {
      const checked = validateStep(step.key, req.body as Record<string, unknown>);
      if (checked.ok) {
        value = checked.value;
        errors = await checkAgainstRecords(draft, step, stringify(checked.value as unknown as Record<string, unknown>));
      } else {
        errors = checked.errors;
      }
      if (errors.length) return renderStep(req, res, draft, step, typed, errors, 400);
    } else {
      // A draft keeps anything typed, but never names a student who is not enrolled here today:
      // the draft lists show the student's name.
      errors = step.key === 'student' && typed.studentId ? await checkAgainstRecords(draft, step, typed) : [];
      if (errors.length) return renderStep(req, res, draft, step, typed, errors, 400);
    }
    try {
      const nextStep = action === 'continue' ? Math.min(step.n + 1, STEP_COUNT) : step.n;
      await savePage(db, draft, version, step.key, value, Math.max(draft.currentStep, nextStep));
    } catch (err) {
      if (!(err instanceof StaleDraftError)) throw err;
      const fresh = await ownDraft(req);
      if (fresh.status !== 'DRAFT') return res.redirect(303, fresh.caseReference ? `/cases/${fresh.caseReference}` : '/');
      const message =
        'This draft was changed in another window or on another device after you opened this page. Your answers on this page are shown below and have not been saved yet: check them and save again.';
      return renderStep(req, res, fresh, step, typed, [{ field: '_form', message }], 409);
    }
    if (action === 'save') return res.redirect(303, `/requests/${draft.number}/step/${step.n}?saved=1`);
    res.redirect(303, step.n < STEP_COUNT ? `/requests/${draft.number}/step/${step.n + 1}` : `/requests/${draft.number}/review`);
  });

  /** Rules that need the records: the student is enrolled here today; the contact may be one. */
  async function checkAgainstRecords(draft: Draft, step: StepDefinition, value: Record<string, string>): Promise<FieldError[]> {
    if (step.key === 'student' && value.studentId && !(await enrolledStudent(sql, draft.schoolId, value.studentId))) {
      return [{ field: 'studentId', message: 'Select a student who is currently enrolled at your school' }];
    }
    if (step.key === 'primaryContact' && value.userId && !(await eligibleContact(sql, draft.schoolId, value.userId))) {
      return [
        {
          field: 'userId',
          message: 'Select someone with the Primary Contact or Attendance Lead role at your school. Your Delegated Authoriser can give someone the role.',
        },
      ];
    }
    return [];
  }

  async function reviewData(draft: Draft) {
    const answers: RequestAnswers = draft.answers;
    const incomplete = firstIncompleteStep(answers);
    const student = answers.student?.studentId ? await enrolledStudent(sql, draft.schoolId, answers.student.studentId) : null;
    const contact = answers.primaryContact?.userId ? await eligibleContact(sql, draft.schoolId, answers.primaryContact.userId) : null;
    return { answers, incomplete, student, contact, steps: STEPS };
  }

  router.get('/requests/:number/review', requireSignIn, async (req, res) => {
    const draft = await ownDraft(req);
    if (draft.status !== 'DRAFT' && draft.caseReference && (await caseExists(draft.caseReference))) {
      return res.redirect(303, `/cases/${draft.caseReference}`);
    }
    // Submitted but its case not started (Temporal was unreachable): offer Submit again.
    render(res, 'request/review', {
      title: 'Check your answers: Chronic Absence request for support',
      draft,
      retry: draft.status !== 'DRAFT',
      ...(await reviewData(draft)),
    });
  });

  /** Would the case find a provider (allocation's own rule)? Checked before a reference is taken. */
  async function hasProvider(schoolId: string): Promise<boolean> {
    const school = await sql.get<{ id: string; inSchoolProviderId: string | null; catchmentId: string; catchmentProviderId: string | null }>(
      `SELECT s."id", s."inSchoolProviderId", s."catchmentId", c."providerId" AS "catchmentProviderId"
       FROM "School" s JOIN "Catchment" c ON c."id" = s."catchmentId" WHERE s."id" = ?`,
      [schoolId],
    );
    if (!school) return false;
    try {
      chooseProvider({ id: school.id, inSchoolProviderId: school.inSchoolProviderId, catchment: { id: school.catchmentId, providerId: school.catchmentProviderId } });
      return true;
    } catch (err) {
      if (err instanceof NoProviderError) return false;
      throw err;
    }
  }

  const caseExists = async (reference: string) =>
    Boolean(await sql.get('SELECT 1 AS "x" FROM "Case" WHERE "reference" = ?', [reference]));

  router.post('/requests/:number/submit', requireSignIn, async (req, res) => {
    const draft = await ownDraft(req);
    if (draft.status === 'DRAFT') {
      const review = await reviewData(draft);
      const problems: FieldError[] = [];
      if (review.incomplete) problems.push({ field: '_form', message: `Complete the "${review.incomplete.title}" page before you submit.` });
      if (draft.answers.student && !review.student) problems.push({ field: '_form', message: 'The student is no longer enrolled at your school: choose the student again.' });
      if (draft.answers.primaryContact && !review.contact) problems.push({ field: '_form', message: 'The Primary Contact no longer has access: choose another Primary Contact.' });
      if (!(await hasProvider(draft.schoolId))) {
        problems.push({ field: '_form', message: 'No Attendance Service provider serves your school yet, so the request cannot be sent. Your draft is kept: contact the Attendance Service, and submit it once they have set this up.' });
      }
      if (problems.length) return render(res, 'request/review', { title: 'Check your answers', draft, ...review, errors: problems }, 400);
    }
    const reference = await reserveCaseReference(db, draft.number);
    if (!(await caseExists(reference))) {
      try {
        await startCase({ db, temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue, settings: deps.config.caseSettings }, draft.number, reference);
      } catch (err) {
        deps.log.error({ err, caseReference: reference, requestNumber: draft.number }, 'case workflow did not start');
        const fresh = (await findRequest(db, draft.number)) ?? draft;
        return render(
          res,
          'request/review',
          {
            title: 'Check your answers',
            draft: fresh,
            ...(await reviewData(fresh)),
            retry: true,
            errors: [
              {
                field: '_form',
                message: `Your request has been saved as case ${reference}, but the case could not be started just now. Select "Submit" again in a minute; nothing will be sent twice.`,
              },
            ],
          },
          503,
        );
      }
    }
    deps.log.info({ caseReference: reference, requestNumber: draft.number }, 'request submitted');
    res.redirect(303, `/cases/${reference}?submitted=1`);
  });

  router.post('/requests/:number/delete', requireSignIn, async (req, res) => {
    const draft = await ownDraft(req);
    if (draft.status !== 'DRAFT') throw new HttpError(409, 'conflict', 'A submitted request cannot be deleted.');
    await deleteDraft(db, draft.number, actorOf(req).id);
    res.redirect(303, `/?deleted=${draft.number}`);
  });

  return router;
}

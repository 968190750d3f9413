// Change Primary Contact: find a person with CMS access at the school (Primary Contact or
// Attendance Lead role), check their phone and email, add notes, Change Contact. The same form
// updates the current contact's details.
import { Router, type Request, type Response } from 'express';
import type { WebDeps } from '../deps';
import { render } from '../views';
import { actorOf, caseFor, param, requireSignIn } from './guards';
import { actingPerson } from '../acting';
import { formIdAfter, formIdFrom, runCaseUpdate } from '../caseUpdates';
import { changePrimaryContactUpdate } from '../../workflows/messages';
import { refuseOnClosed } from '../../domain/caseRules';
import { allowedActions } from '../../domain/permissions';
import { validateStep, type FieldError } from '../../domain/requestForm';
import { contactChoices, type ContactChoice } from '../../requests/eligibility';
import type { CaseRecord } from '../queries/caseRecord';

const schoolsOf = (r: CaseRecord) => [...new Set([r.schoolId, ...(r.currentSchoolId ? [r.currentSchoolId] : [])])];

export function primaryContactRoutes(deps: WebDeps) {
  const router = Router();

  async function page(req: Request, res: Response, record: CaseRecord, o: { values: Record<string, string>; errors?: FieldError[]; formId?: string }, status = 200) {
    const everyone = await contactChoices(deps.sql, schoolsOf(record));
    const query = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
    const matches = query ? everyone.filter((c) => c.name.toLowerCase().includes(query.toLowerCase())) : [];
    const selected: ContactChoice | undefined = everyone.find((c) => c.id === o.values.userId);
    render(
      res,
      'cases/primaryContact',
      {
        title: `Change Primary Contact: case ${record.reference}`,
        record,
        can: allowedActions(actorOf(req), record),
        query,
        searched: query.length > 0,
        matches,
        selected,
        values: o.values,
        errors: o.errors,
        formId: o.formId ?? formIdFrom(undefined),
        closed: refuseOnClosed(record),
      },
      status,
    );
  }

  router.get('/cases/:reference/primary-contact', requireSignIn, async (req, res) => {
    const record = await caseFor(deps.sql, actorOf(req), param(req, 'reference'), 'changePrimaryContact');
    const chosen = typeof req.query.userId === 'string' ? req.query.userId : record.primaryContactId;
    let values: Record<string, string>;
    if (chosen === record.primaryContactId) {
      values = { userId: chosen, phone: record.primaryContactPhone ?? '', email: record.primaryContactEmail ?? '', notes: record.primaryContactNotes ?? '' };
    } else {
      const person = (await contactChoices(deps.sql, schoolsOf(record))).find((c) => c.id === chosen);
      values = { userId: person?.id ?? record.primaryContactId, phone: person?.phone ?? '', email: person?.email ?? '', notes: '' };
    }
    await page(req, res, record, { values });
  });

  router.post('/cases/:reference/primary-contact', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    const record = await caseFor(deps.sql, actor, param(req, 'reference'), 'changePrimaryContact');
    const field = (n: string) => (typeof req.body[n] === 'string' ? (req.body[n] as string) : '');
    const values = { userId: field('userId'), phone: field('phone'), email: field('email'), notes: field('notes').trim() };
    const formId = formIdFrom(req.body.formId);
    const checked = validateStep('primaryContact', values);
    const errors: FieldError[] = checked.ok ? [] : [...checked.errors];
    if (values.notes.length > 1000) errors.push({ field: 'notes', message: 'Notes must be 1000 characters or fewer' });
    const person = (await contactChoices(deps.sql, schoolsOf(record))).find((c) => c.id === values.userId);
    if (values.userId && !person) {
      errors.unshift({ field: 'userId', message: 'Choose someone with access to the Attendance Service CMS at the school. Your Delegated Authoriser can give someone access.' });
    }
    const closed = refuseOnClosed(record);
    if (closed) errors.unshift({ field: '_form', message: closed });
    if (errors.length) return page(req, res, record, { values, errors, formId }, 400);
    const outcome = await runCaseUpdate(
      deps.temporal,
      record.reference,
      changePrimaryContactUpdate,
      { by: actingPerson(actor, record), userId: person!.id, name: person!.name, phone: values.phone.trim(), email: values.email.trim(), notes: values.notes },
      formId,
    );
    if (!outcome.ok) return page(req, res, record, { values, errors: [{ field: '_form', message: outcome.message }], formId: formIdAfter(outcome, formId) }, outcome.status);
    res.redirect(303, `/cases/${record.reference}?done=contact`);
  });

  return router;
}

// Add Comment: the form, and posting it through the case workflow. School comments reach the
// provider (and the Case Manager is emailed); provider comments are internal unless shared.
import { Router } from 'express';
import type { WebDeps } from '../deps';
import { render } from '../views';
import { actorOf, caseFor, param, requireSignIn } from './guards';
import { actingPerson } from '../acting';
import { formIdAfter, formIdFrom, runCaseUpdate } from '../caseUpdates';
import { addCommentUpdate } from '../../workflows/messages';
import { refuseOnClosed } from '../../domain/caseRules';
import { allowedActions } from '../../domain/permissions';
import { isProviderViewer } from '../queries/caseContent';
import { LIMITS } from '../../domain/requestForm';

export function commentRoutes(deps: WebDeps) {
  const router = Router();

  router.get('/cases/:reference/comments/new', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    const record = await caseFor(deps.sql, actor, param(req, 'reference'), 'comment');
    render(res, 'cases/comment', {
      title: `Add comment: case ${record.reference}`,
      record,
      can: allowedActions(actor, record),
      provider: isProviderViewer(actor, record),
      formId: formIdFrom(undefined),
      closed: refuseOnClosed(record),
      values: { body: '', shared: false, contact: false },
    });
  });

  router.post('/cases/:reference/comments', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    const record = await caseFor(deps.sql, actor, param(req, 'reference'), 'comment');
    const provider = isProviderViewer(actor, record);
    const body = typeof req.body.body === 'string' ? req.body.body.replace(/\r\n/g, '\n').trim() : '';
    const values = { body, shared: provider && req.body.shared === 'yes', contact: provider && req.body.contact === 'yes' };
    const formId = formIdFrom(req.body.formId);
    const again = (status: number, errors: { field: string; message: string }[], nextFormId = formId) =>
      render(
        res,
        'cases/comment',
        { title: `Add comment: case ${record.reference}`, record, can: allowedActions(actor, record), provider, formId: nextFormId, values, errors },
        status,
      );
    if (!body) return again(400, [{ field: 'body', message: 'Enter your comment' }]);
    if (body.length > LIMITS.longText) return again(400, [{ field: 'body', message: `Your comment must be ${LIMITS.longText} characters or fewer (it is ${body.length})` }]);
    const closed = refuseOnClosed(record);
    if (closed) return again(409, [{ field: '_form', message: closed }]);
    const outcome = await runCaseUpdate(deps.temporal, record.reference, addCommentUpdate, { by: actingPerson(actor, record), body, shared: values.shared, contact: values.contact }, formId);
    if (!outcome.ok) return again(outcome.status, [{ field: '_form', message: outcome.message }], formIdAfter(outcome, formId));
    deps.log.info({ caseReference: record.reference, commentId: outcome.result.id }, 'comment added');
    res.redirect(303, `/cases/${record.reference}?done=comment`);
  });

  return router;
}

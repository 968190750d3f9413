// GET /: the home page for whoever is signed in: the school's Attendance service page (services,
// drafts, active and closed cases) and, for provider staff, the queue and their own cases.
import { Router } from 'express';
import type { WebDeps } from '../deps';
import { render } from '../views';
import { actorOf, requireSignIn } from './guards';
import { listDrafts } from '../queries/drafts';
import { listCases, type CaseListFilters, type CaseListPage } from '../queries/caseList';
import { presentCaseRows } from '../present';
import { caseListScope, canAdministerAccess, canStartRequest, scopeIsEmpty, type CaseListScope } from '../../domain/permissions';
import { isOperator, isProviderUser, isSchoolUser, providersWhere, type Actor } from '../../domain/roles';

const HOME_ROWS = 5;

/** A list for one of the case tables: the table partial takes it as its whole context. */
const present = (page: CaseListPage, caption: string, empty: string) => ({ total: page.total, page: page.page, pages: page.pages, rows: presentCaseRows(page.rows), caption, empty });

const filters = (view: 'active' | 'closed', extra: Partial<CaseListFilters> = {}): CaseListFilters => ({
  view,
  sort: view === 'closed' ? 'closed' : 'opened',
  dir: 'desc',
  page: 1,
  pageSize: HOME_ROWS,
  ...extra,
});

/** The school part of the scope only, so provider rights of the same person don't mix into these tables. */
const schoolScope = (s: CaseListScope): CaseListScope => ({ ...s, ownedAtProviders: [], ledProviders: [] });
const providerScope = (s: CaseListScope): CaseListScope => ({ ...s, primaryContactSchools: [], enrolledAtSchools: [] });

async function schoolHome(deps: WebDeps, actor: Actor) {
  const scope = schoolScope(caseListScope(actor));
  const [drafts, active, closed] = await Promise.all([
    canStartRequest(actor) ? listDrafts(deps.sql, actor.id) : Promise.resolve([]),
    listCases(deps.sql, scope, filters('active')),
    listCases(deps.sql, scope, filters('closed')),
  ]);
  return { canRequest: canStartRequest(actor), drafts, active: present(active, 'Active cases', 'There are no active cases for you.'), closed: present(closed, 'Closed cases', 'There are no closed cases for you.') };
}

async function providerHome(deps: WebDeps, actor: Actor) {
  const scope = providerScope(caseListScope(actor));
  const leads = providersWhere(actor, 'WORKFLOW_LEAD').length > 0;
  const managesCases = providersWhere(actor, 'CASE_MANAGER').length > 0;
  const [unassigned, mine, active] = await Promise.all([
    leads ? listCases(deps.sql, scope, filters('active', { ownerId: 'none', sort: 'opened', dir: 'asc', pageSize: 10 })) : null,
    managesCases ? listCases(deps.sql, scope, filters('active', { ownerId: actor.id, pageSize: 10 })) : null,
    listCases(deps.sql, scope, filters('active', { pageSize: 10 })),
  ]);
  return {
    leads,
    unassigned: unassigned && present(unassigned, 'Cases waiting for an owner', 'No cases are waiting for an owner.'),
    mine: mine && present(mine, 'Cases you own', 'You do not own any active cases.'),
    active: present(active, 'Active cases', 'There are no active cases for you.'),
  };
}

export function homeRoutes(deps: WebDeps) {
  const router = Router();
  router.get('/', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    // A Delegated Authoriser with no other role has no cases: their home is managing access.
    const manageAccess = canAdministerAccess(actor);
    const accessOnly = manageAccess && scopeIsEmpty(caseListScope(actor)) && !canStartRequest(actor);
    const [school, provider] = await Promise.all([
      isSchoolUser(actor) && !accessOnly ? schoolHome(deps, actor) : null,
      isProviderUser(actor) ? providerHome(deps, actor) : null,
    ]);
    render(res, 'home', {
      title: 'Attendance service',
      school,
      provider,
      operator: isOperator(actor),
      manageAccess,
      // Only a request number: the address is anyone's to write.
      deleted: typeof req.query.deleted === 'string' && /^\d{9}$/.test(req.query.deleted) ? req.query.deleted : null,
    });
  });
  return router;
}

// Access administration: a school's Delegated Authoriser manages the school's people and roles; a
// provider's Workflow Lead manages the provider's staff. Every decision goes through
// domain/permissions.ts; every change is recorded in AccessChange (access/history.ts).
import { Router } from 'express';
import type { WebDeps } from '../deps';
import type { Sessions } from '../session';
import { orgPageRoutes } from './access/orgPage';
import { roleRoutes } from './access/roles';
import { inviteRoutes } from './access/invite';

export function accessRoutes(deps: WebDeps, sessions: Sessions) {
  const router = Router();
  router.use(orgPageRoutes(deps));
  router.use(inviteRoutes(deps));
  router.use(roleRoutes(deps, sessions));
  return router;
}

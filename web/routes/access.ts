// Access administration: a school's Delegated Authoriser manages the school's people and roles; a
// provider's Workflow Lead manages the provider's staff. (Being built.)
import { Router } from 'express';
import type { WebDeps } from '../deps';
import type { Sessions } from '../session';

export function accessRoutes(_deps: WebDeps, _sessions: Sessions) {
  return Router();
}

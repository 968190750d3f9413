// The operator's page: health, reference data imports, links into Temporal's Web UI. (Being built.)
import { Router } from 'express';
import type { WebDeps } from '../deps';

export function operatorRoutes(_deps: WebDeps, _csrfValid: (req: import('express').Request, token: unknown) => boolean) {
  return Router();
}

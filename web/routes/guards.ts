// Route guards: who must be signed in, and loading a case the actor may see (404 otherwise).
import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../../domain/roles';
import { can, type CaseAction } from '../../domain/permissions';
import { findCase, type CaseRecord } from '../queries/caseRecord';
import type { Sql } from '../../db/sql';
import { HttpError } from '../errors';
import { isCaseReference } from '../../domain/numbers';

export function requireSignIn(req: Request, res: Response, next: NextFunction) {
  if (req.actor) return next();
  if (req.method === 'GET') {
    const nextUrl = req.originalUrl.startsWith('/') && !req.originalUrl.startsWith('//') ? req.originalUrl : '/';
    return res.redirect(303, `/login?next=${encodeURIComponent(nextUrl)}`);
  }
  next(new HttpError(401, 'signed-out'));
}

/** A route parameter as one string (Express types allow arrays for wildcard routes). */
export const param = (req: Request, name: string): string => {
  const v = req.params[name] as string | string[] | undefined;
  return Array.isArray(v) ? v.join('/') : (v ?? '');
};

export const actorOf = (req: Request): Actor => {
  if (!req.actor) throw new HttpError(401, 'signed-out');
  return req.actor;
};

/**
 * The case named in the address, if the actor may see it. A case outside their scope is a 404,
 * as if it did not exist; an action they may not take on a case they can see is a 403.
 */
export async function caseFor(sql: Sql, actor: Actor, reference: string | undefined, action: CaseAction = 'view'): Promise<CaseRecord> {
  if (!reference || !isCaseReference(reference)) throw new HttpError(404, 'not-found');
  const record = await findCase(sql, reference);
  if (!record || !can(actor, 'view', record)) throw new HttpError(404, 'not-found');
  if (action !== 'view' && !can(actor, action, record)) throw new HttpError(403, 'forbidden');
  return record;
}

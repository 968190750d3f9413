// GET /help: how to use the service, section by section as the schools' quick reference guide has
// it, where to find the online learning module, and (for someone signed in) their roles and who
// gives access where they work. Open to everyone: it says nothing about any child, and the person
// who cannot sign in yet is the one who needs it most.
import { Router } from 'express';
import type { WebDeps } from '../deps';
import { render } from '../views';
import { accessContactsFor } from '../queries/accessContacts';
import { MAX_FILE_BYTES, MAX_FILES } from '../uploads';
import { ACCEPTED_DESCRIPTION } from '../../domain/fileTypes';

export function helpRoutes(deps: WebDeps) {
  const router = Router();
  router.get('/help', async (req, res) => {
    const workplaces = req.actor ? await accessContactsFor(deps.sql, req.actor) : [];
    render(res, 'help', {
      title: 'Help using the Attendance service',
      signedIn: Boolean(req.actor),
      workplaces,
      learningModuleUrl: deps.config.learningModuleUrl,
      maxFiles: MAX_FILES,
      maxFileMb: MAX_FILE_BYTES / 1024 / 1024,
      acceptedTypes: ACCEPTED_DESCRIPTION,
    });
  });
  return router;
}

// Records uploaded files (already streamed to storage by the web) and one timeline entry each.
import type { ActivityDeps } from './deps';
import { caseByReference } from './caseRecord';
import { recordEvent } from './timeline';
import type { ActingPerson, UploadedFile } from '../workflows/messages';

export interface RecordFilesInput {
  reference: string;
  by: ActingPerson;
  files: UploadedFile[];
  shared: boolean;
  source: 'WEB' | 'EMAIL';
  at: string;
}

export const recordFiles =
  ({ db }: ActivityDeps) =>
  async (i: RecordFilesInput): Promise<{ ids: string[] }> => {
    const c = await caseByReference(db, i.reference);
    const at = new Date(i.at);
    for (const f of i.files) {
      await db.caseFile.upsert({
        where: { id: f.id },
        update: {},
        create: {
          id: f.id,
          caseId: c.id,
          uploadedById: i.by.id,
          uploaderName: i.by.name,
          authorSide: i.by.side,
          name: f.name,
          size: f.size,
          contentType: f.contentType,
          sha256: f.sha256,
          storageKey: f.storageKey,
          source: i.source,
          shared: i.by.side === 'SCHOOL' ? true : i.shared,
          createdAt: at,
        },
      });
      await recordEvent(db, {
        id: `event:${f.id}`,
        caseId: c.id,
        actorId: i.by.id,
        actorName: i.by.name,
        kind: 'FILE_ADDED',
        summary: `File added: ${f.name}`,
        fileId: f.id,
        createdAt: at,
      });
    }
    await db.case.update({ where: { id: c.id }, data: { lastActivityAt: at } });
    return { ids: i.files.map((f) => f.id) };
  };

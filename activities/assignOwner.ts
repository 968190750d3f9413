// Sets or changes the case owner: a Case Manager of the provider the case is allocated to.
import type { ActivityDeps } from './deps';
import { caseByReference, refused } from './caseRecord';
import { eventRow } from './timeline';
import type { ActingPerson } from '../workflows/messages';

export interface AssignOwnerActivityInput {
  reference: string;
  ownerId: string;
  by: ActingPerson | null; // null: assigned automatically
  eventId: string;
  at: string;
}

export const assignOwner =
  ({ db }: ActivityDeps) =>
  async (i: AssignOwnerActivityInput): Promise<{ ownerId: string; ownerName: string; previousOwnerId: string | null; status: string }> => {
    const c = await caseByReference(db, i.reference);
    const done = await db.timelineEvent.findUnique({ where: { id: i.eventId } });
    if (done) {
      const owner = await db.user.findUniqueOrThrow({ where: { id: i.ownerId } });
      return { ownerId: owner.id, ownerName: owner.name, previousOwnerId: done.before, status: c.status };
    }
    if (!c.providerId) throw refused('The case has not been allocated to a provider yet.');
    const owner = await db.user.findFirst({
      where: { id: i.ownerId, active: true, roles: { some: { role: 'CASE_MANAGER', providerId: c.providerId } } },
    });
    if (!owner) throw refused('Choose a Case Manager of the provider this case is allocated to.');
    const previous = c.ownerId ? await db.user.findUnique({ where: { id: c.ownerId } }) : null;
    const at = new Date(i.at);
    const status = c.status === 'ALLOCATED' || c.status === 'SUBMITTED' ? 'ASSIGNED' : c.status;
    await db.$transaction([
      db.case.update({
      where: { id: c.id },
      data: {
        ownerId: owner.id,
        status,
        assignedAt: at,
        // A new owner has their own first contact to make.
        firstContactAt: previous && previous.id !== owner.id ? null : c.firstContactAt,
        overdue: false,
        lastActivityAt: at,
      },
      }),
      eventRow(db, {
      id: i.eventId,
      caseId: c.id,
      actorId: i.by?.id ?? null,
      actorName: i.by?.name ?? 'Attendance Service',
      kind: 'OWNER_ASSIGNED',
      summary: previous
        ? `Case owner changed from ${previous.name} to ${owner.name}`
        : `Case owner set to ${owner.name}${i.by ? '' : ' (assigned automatically)'}`,
      before: c.ownerId,
      after: owner.id,
      createdAt: at,
      }),
    ]);
    return { ownerId: owner.id, ownerName: owner.name, previousOwnerId: c.ownerId, status };
  };

/** For providers that assign automatically: the Case Manager with the fewest open cases. */
export const chooseAutoOwner =
  ({ db }: ActivityDeps) =>
  async (reference: string): Promise<string | null> => {
    const c = await caseByReference(db, reference);
    if (!c.providerId) return null;
    const provider = await db.provider.findUnique({ where: { id: c.providerId } });
    if (!provider?.autoAssign) return null;
    const managers = await db.user.findMany({
      where: { active: true, roles: { some: { role: 'CASE_MANAGER', providerId: c.providerId } } },
      orderBy: { id: 'asc' },
    });
    if (managers.length === 0) return null;
    const counts = await db.case.groupBy({
      by: ['ownerId'],
      where: { providerId: c.providerId, closedAt: null, ownerId: { in: managers.map((m) => m.id) } },
      _count: { _all: true },
    });
    const open = new Map(counts.map((r) => [r.ownerId, r._count._all]));
    return [...managers].sort((a, b) => (open.get(a.id) ?? 0) - (open.get(b.id) ?? 0))[0]!.id;
  };

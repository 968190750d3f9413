// Tells the provider's Workflow Leads that a new case is waiting for an owner.
import type { ActivityDeps } from './deps';
import { sendOnce } from './sendOnce';
import { formatDateTime } from '../domain/dates';

export const notifyCaseAllocated =
  (deps: ActivityDeps) =>
  async (reference: string): Promise<number> => {
    const found = await deps.db.case.findUniqueOrThrow({ where: { reference }, include: { school: true, provider: true } });
    if (!found.providerId || !found.provider) return 0;
    const leads = await deps.db.user.findMany({
      where: { active: true, roles: { some: { role: 'WORKFLOW_LEAD', providerId: found.providerId } } },
      orderBy: { email: 'asc' },
    });
    for (const lead of leads) {
      await sendOnce(deps, {
        key: `case-allocated:${reference}:${lead.id}`,
        to: { email: lead.email, name: lead.name },
        template: 'caseAllocated',
        caseReference: reference,
        data: {
          reference,
          providerName: found.provider.name,
          schoolName: found.school.name,
          openedAt: formatDateTime(found.openedAt),
          caseUrl: `${deps.publicUrl}/cases/${reference}`,
        },
      });
    }
    return leads.length;
  };

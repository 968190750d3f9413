// The person acting on a case, as the workflow records them: which side they act for follows
// their relation to this case (a provider's staff act as the provider).
import type { Actor } from '../domain/roles';
import { relationTo, type CaseFacts } from '../domain/permissions';
import type { ActingPerson } from '../workflows/messages';

export function actingPerson(actor: Actor, c: CaseFacts): ActingPerson {
  const r = relationTo(actor, c);
  return { id: actor.id, name: actor.name, side: r.owner || r.providerLead ? 'PROVIDER' : 'SCHOOL' };
}

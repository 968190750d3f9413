// The permission module's case list scope (domain/permissions.ts) as a SQL condition on "Case" c.
// Each branch mirrors one clause of relationTo(); a test checks that lists and case pages agree.
import { inList } from '../../db/sql';
import type { CaseListScope } from '../../domain/permissions';

export function scopeCondition(s: CaseListScope): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (s.primaryContactSchools.length) {
    parts.push(`(c."primaryContactId" = ? AND (c."schoolId" IN ${inList(s.primaryContactSchools)} OR c."currentSchoolId" IN ${inList(s.primaryContactSchools)}))`);
    params.push(s.actorId, ...s.primaryContactSchools, ...s.primaryContactSchools);
  }
  if (s.enrolledAtSchools.length) {
    parts.push(`c."currentSchoolId" IN ${inList(s.enrolledAtSchools)}`);
    params.push(...s.enrolledAtSchools);
  }
  if (s.ledProviders.length) {
    parts.push(`c."providerId" IN ${inList(s.ledProviders)}`);
    params.push(...s.ledProviders);
  }
  if (s.ownedAtProviders.length) {
    parts.push(`(c."ownerId" = ? AND c."providerId" IN ${inList(s.ownedAtProviders)})`);
    params.push(s.actorId, ...s.ownedAtProviders);
  }
  return parts.length ? { sql: `(${parts.join(' OR ')})`, params } : { sql: '1 = 0', params: [] };
}

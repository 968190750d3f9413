// The permission module's case list scope (domain/permissions.ts) as SQL on "Case" c. Each arm
// mirrors one clause of relationTo(); a test checks that lists and case pages agree for every
// demo person and case.
//
// The arms are kept apart, not OR-ed: each is served by its own index, and lists read the
// UNION ALL of them, each arm excluding what an earlier one already has. A single OR makes the
// planner scan every case (measured: 5 ms against 0.3 ms for an Attendance Lead). Arms that
// cannot add anything are left out, and the Primary Contact arm of someone who also sees their
// whole school reads only the cases whose student left it.
import { inList } from '../../db/sql';
import type { CaseListScope } from '../../domain/permissions';

export interface Arm {
  sql: string;
  params: unknown[];
  /** Set when the arm is exactly "cases whose <dimension> is one of <keys>": counted from CaseTally. */
  tally?: { dimension: 'school' | 'provider'; keys: string[] };
}

const subset = (a: string[], b: string[]) => a.every((x) => b.includes(x));

function scopeArms(s: CaseListScope): Arm[] {
  const arms: Arm[] = [];
  const E = s.enrolledAtSchools;
  const S = s.primaryContactSchools;
  if (E.length) {
    arms.push({ sql: `c."currentSchoolId" IN ${inList(E)}`, params: [...E], tally: { dimension: 'school', keys: [...E] } });
  }
  if (s.ledProviders.length) {
    arms.push({ sql: `c."providerId" IN ${inList(s.ledProviders)}`, params: [...s.ledProviders], tally: { dimension: 'provider', keys: [...s.ledProviders] } });
  }
  if (S.length && subset(S, E)) {
    // Named at a school whose whole caseload they see already: only a student who moved on adds a case.
    arms.push({ sql: `c."primaryContactId" = ? AND c."leftReferringSchool" = ? AND c."schoolId" IN ${inList(S)}`, params: [s.actorId, true, ...S] });
  } else if (S.length) {
    arms.push({
      sql: `c."primaryContactId" = ? AND (c."schoolId" IN ${inList(S)} OR c."currentSchoolId" IN ${inList(S)})`,
      params: [s.actorId, ...S, ...S],
    });
  }
  if (s.ownedAtProviders.length && !subset(s.ownedAtProviders, s.ledProviders)) {
    arms.push({ sql: `c."ownerId" = ? AND c."providerId" IN ${inList(s.ownedAtProviders)}`, params: [s.actorId, ...s.ownedAtProviders] });
  }
  return arms;
}

/**
 * The arms made disjoint: arm i also excludes what the arms before it match, so counting and
 * listing their UNION ALL sees each case once. `IS NOT TRUE` keeps rows where an earlier arm is
 * NULL (a case with no current school, say). Only the first arm keeps its tally.
 */
export function disjointArms(s: CaseListScope): Arm[] {
  const arms = scopeArms(s);
  return arms.map((a, i) => {
    if (i === 0) return a;
    const earlier = arms.slice(0, i);
    return {
      sql: [`(${a.sql})`, ...earlier.map((e) => `(${e.sql}) IS NOT TRUE`)].join(' AND '),
      params: [...a.params, ...earlier.flatMap((e) => e.params)],
    };
  });
}

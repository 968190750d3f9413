// Which provider a new case goes to (DESIGN.md §3): the school's In-School Provision if it has
// one, otherwise the provider serving the school's catchment.
export interface SchoolForAllocation {
  id: string;
  inSchoolProviderId: string | null;
  catchment: { id: string; providerId: string | null };
}

export class NoProviderError extends Error {
  constructor(readonly schoolId: string, readonly catchmentId: string) {
    super(`No provider serves school ${schoolId}: it has no In-School Provision and catchment ${catchmentId} has no provider`);
    this.name = 'NoProviderError';
  }
}

export function chooseProvider(school: SchoolForAllocation): { providerId: string; via: 'IN_SCHOOL' | 'CATCHMENT' } {
  if (school.inSchoolProviderId) return { providerId: school.inSchoolProviderId, via: 'IN_SCHOOL' };
  if (school.catchment.providerId) return { providerId: school.catchment.providerId, via: 'CATCHMENT' };
  throw new NoProviderError(school.id, school.catchment.id);
}

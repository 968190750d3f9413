// The service levels a case is held to, from configuration: how long until an unassigned case is
// escalated, until the owner is reminded to contact the school, and until an idle case prompts a
// reminder. Working days ("2") or, for short runs in tests, a duration ("30s").
export interface ServiceLevels {
  assignOwner: string;
  firstContact: string;
  inactivity: string;
}

export const DEFAULT_SERVICE_LEVELS: ServiceLevels = {
  assignOwner: '2',
  firstContact: '3',
  inactivity: '15',
};

export const DEFAULT_CONTINUE_AS_NEW_AFTER = 2000;

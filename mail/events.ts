// What each case notification says, by event: its subject and its paragraphs, as handlebars
// strings (compiled once) rendered into the caseEvent templates. Subjects name the case reference,
// never the student.
export const CASE_EVENTS = {
  caseAllocated: {
    subject: 'New case {{reference}} allocated to {{providerName}}',
    lines: [
      '{{schoolName}} has asked for support with a student’s chronic absence. The case has been allocated to {{providerName}} and needs a case owner.',
      'Opened: {{openedOn}}',
    ],
  },
  ownerAssignedToOwner: {
    subject: 'Case {{reference}} has been assigned to you',
    lines: ['{{actorName}} has made you the case owner of case {{reference}} from {{schoolName}}.', 'Please contact the school’s Primary Contact, {{contactName}}, to plan support.'],
  },
  ownerAssignedToContact: {
    subject: 'Case {{reference}}: your Case Manager is {{ownerName}}',
    lines: [
      '{{ownerName}} from {{providerName}} is now the Case Manager for case {{reference}}.',
      'You can reach them at {{ownerEmail}}{{#if ownerPhone}} or {{ownerPhone}}{{/if}}. They will be in touch with you.',
    ],
  },
  schoolComment: {
    subject: 'New comment on case {{reference}}',
    lines: ['{{actorName}} from {{schoolName}} added a comment to case {{reference}}.', 'Open the case to read it, or reply to this email to add a comment.'],
  },
  schoolFiles: {
    subject: 'New {{#if (eq count 1)}}file{{else}}files{{/if}} on case {{reference}}',
    lines: ['{{actorName}} from {{schoolName}} added {{count}} {{#if (eq count 1)}}file{{else}}files{{/if}} to case {{reference}}: {{names}}.'],
  },
  sharedWithSchool: {
    subject: 'Case {{reference}}: {{providerName}} shared an update with you',
    lines: ['{{actorName}} from {{providerName}} shared {{what}} with the school on case {{reference}}.'],
  },
  contactChangedToNew: {
    subject: 'You are now the Primary Contact for case {{reference}}',
    lines: ['{{actorName}} named you as the school’s Primary Contact for case {{reference}}.', 'The Case Manager will contact you and keep you up to date.'],
  },
  contactChangedToOld: {
    subject: 'You are no longer the Primary Contact for case {{reference}}',
    lines: ['{{actorName}} named {{contactName}} as the Primary Contact for case {{reference}} in your place.'],
  },
  contactChangedToOwner: {
    subject: 'Case {{reference}} has a new Primary Contact',
    lines: ['{{actorName}} named {{contactName}} as the school’s Primary Contact for case {{reference}}.'],
  },
  statusOnHold: {
    subject: 'Case {{reference}} is on hold',
    lines: ['{{actorName}} put case {{reference}} on hold: {{reason}}'],
  },
  statusClosed: {
    subject: 'Case {{reference}} has been closed',
    lines: ['{{actorName}} closed case {{reference}}: {{reason}}', '{{summary}}'],
  },
  assignEscalation: {
    subject: 'Overdue: case {{reference}} has no case owner',
    lines: ['Case {{reference}} from {{schoolName}} was allocated on {{allocatedOn}} and still has no case owner after {{level}}.', 'Assign a Case Manager.'],
  },
  firstContactReminder: {
    subject: 'Reminder: contact the school about case {{reference}}',
    lines: ['You were assigned case {{reference}} on {{assignedOn}} and there is no record of contact with the school’s Primary Contact, {{contactName}}, yet.'],
  },
  inactivityReminder: {
    subject: 'Reminder: no activity on case {{reference}} since {{lastActivityOn}}',
    lines: ['Nothing has happened on case {{reference}} since {{lastActivityOn}}. Add a comment to record where things stand.'],
  },
} as const;

export type CaseEventName = keyof typeof CASE_EVENTS;

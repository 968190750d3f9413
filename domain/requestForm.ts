// The "Chronic Absence request for support" form: its pages, their instructions and fields, and
// the rules each page checks on its own. Pure: facts that need the database (is this student
// enrolled here? may this person be a Primary Contact?) are passed in by the caller.
import { z } from 'zod';

export interface StudentAnswer {
  studentId: string;
}
export interface AttendanceAnswer {
  attendanceRate: number;
  daysMissed: number;
  pattern: string;
  patternNotes: string;
}
export interface ConcernsAnswer {
  concerns: string;
  alreadyTried: string;
  otherAgencies: string;
}
export interface WhanauAnswer {
  caregiverName: string;
  relationship: string;
  caregiverPhone: string;
  caregiverEmail: string;
  preferredLanguage: string;
  consentToShare: 'yes' | 'no';
  consentNotes: string;
}
export interface PrimaryContactAnswer {
  userId: string;
  phone: string;
  email: string;
}

export interface RequestAnswers {
  student?: StudentAnswer;
  attendance?: AttendanceAnswer;
  concerns?: ConcernsAnswer;
  whanau?: WhanauAnswer;
  primaryContact?: PrimaryContactAnswer;
}

export type StepKey = keyof RequestAnswers;

export interface StepDefinition {
  n: number;
  key: StepKey;
  title: string;
  instructions: string;
}

export const STEPS: StepDefinition[] = [
  {
    n: 1,
    key: 'student',
    title: 'Student',
    instructions:
      'Find the student by name or National Student Number (NSN). Only students currently enrolled at your school are shown.',
  },
  {
    n: 2,
    key: 'attendance',
    title: 'Attendance',
    instructions:
      "Describe the student's recent attendance: their attendance rate this term, how many days they have missed, and the pattern you are seeing.",
  },
  {
    n: 3,
    key: 'concerns',
    title: 'Concerns and actions taken',
    instructions:
      'Tell the provider what worries you, and what the school has already tried. Stick to facts the provider needs to plan support.',
  },
  {
    n: 4,
    key: 'whanau',
    title: 'Whānau and caregiver',
    instructions:
      "Give the details of the parent, whānau member or caregiver the provider should contact, and whether they agree to their information being shared with the provider.",
  },
  {
    n: 5,
    key: 'primaryContact',
    title: 'School Primary Contact',
    instructions:
      'Name the person at your school the Case Manager will contact and keep up to date. They must have the Primary Contact or Attendance Lead role in the Attendance Service CMS.',
  },
];

export const STEP_COUNT = STEPS.length;
export const stepByNumber = (n: number) => STEPS.find((s) => s.n === n);

export const ATTENDANCE_PATTERNS = [
  'Whole days missed',
  'Late arrival or leaving early',
  'Particular days of the week',
  'Long unbroken absence',
  'Irregular, no clear pattern',
] as const;

export const LIMITS = { shortText: 200, longText: 4000, phone: 30, email: 254 } as const;

export interface FieldError {
  field: string;
  message: string;
}

const trimmed = (max: number, label: string) =>
  z.string().trim().max(max, `${label} must be ${max} characters or fewer`);

const required = (max: number, label: string, what: string) =>
  trimmed(max, label).min(1, `Enter ${what}`);

const phone = (label: string) =>
  z
    .string()
    .trim()
    .max(LIMITS.phone, `${label} must be ${LIMITS.phone} characters or fewer`)
    .refine(
      (v) => v === '' || /^\+?[0-9 ()-]{6,}( ?(ext|x)\.? ?\d{1,5})?$/i.test(v),
      `Enter ${label.toLowerCase()} using digits, spaces, brackets, + and - (and an extension like "ext 12"), like 09 123 4567`,
    );

const email = (label: string) =>
  z
    .string()
    .trim()
    .max(LIMITS.email, `${label} must be ${LIMITS.email} characters or fewer`)
    .refine((v) => v === '' || /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(v), `Enter ${label.toLowerCase()} in the right format, like name@example.com`);

const wholeNumber = (label: string, min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}`)
    .refine((v) => /^\d+(\.\d+)?$/.test(v), `${label} must be a number, like 72`)
    .transform(Number)
    .refine((v) => v >= min && v <= max, `${label} must be between ${min} and ${max}`);

const SCHEMAS = {
  student: z.object({ studentId: z.string().trim().min(1, 'Select the student this request is about') }),
  attendance: z.object({
    attendanceRate: wholeNumber('Attendance rate', 0, 100, 'the attendance rate as a percentage'),
    daysMissed: wholeNumber('Days missed', 0, 200, 'the number of days missed this term'),
    pattern: z.enum(ATTENDANCE_PATTERNS, { message: 'Select the pattern of absence' }),
    patternNotes: trimmed(LIMITS.longText, 'More about the pattern'),
  }),
  concerns: z.object({
    concerns: required(LIMITS.longText, 'Concerns', 'your concerns about the student'),
    alreadyTried: required(LIMITS.longText, 'What the school has tried', 'what the school has already tried'),
    otherAgencies: trimmed(LIMITS.longText, 'Other agencies involved'),
  }),
  whanau: z
    .object({
      caregiverName: required(LIMITS.shortText, 'Name', "the parent or caregiver's name"),
      relationship: required(LIMITS.shortText, 'Relationship', 'their relationship to the student, like Mother or Grandparent'),
      caregiverPhone: phone('Phone number'),
      caregiverEmail: email('Email address'),
      preferredLanguage: trimmed(LIMITS.shortText, 'Preferred language'),
      consentToShare: z.enum(['yes', 'no'], { message: 'Select whether the whānau agree to share information with the provider' }),
      consentNotes: trimmed(LIMITS.longText, 'Notes about consent'),
    })
    .superRefine((v, ctx) => {
      if (v.caregiverPhone === '' && v.caregiverEmail === '') {
        ctx.addIssue({ code: 'custom', path: ['caregiverPhone'], message: 'Enter a phone number or an email address for the caregiver' });
      }
      if (v.consentToShare === 'no' && v.consentNotes === '') {
        ctx.addIssue({ code: 'custom', path: ['consentNotes'], message: 'Explain why consent has not been given, and what the whānau know about this request' });
      }
    }),
  primaryContact: z.object({
    userId: z.string().trim().min(1, 'Select the Primary Contact at your school'),
    phone: phone('Phone number').refine((v) => v !== '', 'Enter a phone number for the Primary Contact'),
    email: email('Email address').refine((v) => v !== '', 'Enter an email address for the Primary Contact'),
  }),
} satisfies Record<StepKey, z.ZodType>;

/** Fields of each page, in display order, for keeping what was typed when a page has errors. */
export const STEP_FIELDS: Record<StepKey, string[]> = {
  student: ['studentId'],
  attendance: ['attendanceRate', 'daysMissed', 'pattern', 'patternNotes'],
  concerns: ['concerns', 'alreadyTried', 'otherAgencies'],
  whanau: ['caregiverName', 'relationship', 'caregiverPhone', 'caregiverEmail', 'preferredLanguage', 'consentToShare', 'consentNotes'],
  primaryContact: ['userId', 'phone', 'email'],
};

export type StepResult<K extends StepKey> =
  | { ok: true; value: NonNullable<RequestAnswers[K]> }
  | { ok: false; errors: FieldError[] };

/** Checks one page as typed. Only the page's own fields are read; anything else posted is ignored. */
export function validateStep<K extends StepKey>(key: K, input: Record<string, unknown>): StepResult<K> {
  const picked: Record<string, string> = {};
  for (const f of STEP_FIELDS[key]) {
    const v = input[f];
    picked[f] = typeof v === 'string' ? v : '';
  }
  const parsed = SCHEMAS[key].safeParse(picked);
  if (parsed.success) return { ok: true, value: parsed.data as NonNullable<RequestAnswers[K]> };
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? STEP_FIELDS[key][0]);
    if (seen.has(field)) continue; // one message per field, the first rule broken
    seen.add(field);
    errors.push({ field, message: issue.message });
  }
  // Show errors in the order the fields appear on the page.
  errors.sort((a, b) => STEP_FIELDS[key].indexOf(a.field) - STEP_FIELDS[key].indexOf(b.field));
  return { ok: false, errors };
}

/** Saving a draft keeps whatever was typed on the page, valid or not, so nothing is lost. */
export function draftValues(key: StepKey, input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of STEP_FIELDS[key]) {
    const v = input[f];
    // Whole, however long: a page over its limits is refused with the limit named, never cut
    // short (the 200 kB form limit bounds it).
    if (typeof v === 'string') out[f] = v;
  }
  return out;
}

export function parseAnswers(json: string): RequestAnswers {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' ? (value as RequestAnswers) : {};
  } catch {
    return {};
  }
}

/** The first page that is not yet complete and valid, or null when the request is ready to submit. */
export function firstIncompleteStep(answers: RequestAnswers): StepDefinition | null {
  for (const step of STEPS) {
    const value = answers[step.key] as Record<string, unknown> | undefined;
    if (!value || !validateStep(step.key, stringify(value)).ok) return step;
  }
  return null;
}

// Stored answers hold numbers; validation reads what a form would post.
export function stringify(value: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) out[k] = v === undefined || v === null ? '' : String(v);
  return out;
}

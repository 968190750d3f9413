// Human-readable numbers: case references (8 digits), request numbers (9 digits), referral numbers.
export const formatCaseReference = (n: number) => String(n).padStart(8, '0');
export const formatRequestNumber = (n: number) => String(n).padStart(9, '0');
export const formatReferralNumber = (n: number) => `REF-${String(n).padStart(11, '0')}`;

export const isCaseReference = (value: string) => /^\d{8}$/.test(value);
export const isRequestNumber = (value: string) => /^\d{9}$/.test(value);

// Where each sequence starts on a fresh database; the demo data sits below these.
export const COUNTER_STARTS = {
  caseReference: 98_700,
  requestNumber: 999_230_000,
  referralNumber: 100,
} as const;

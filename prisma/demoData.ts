// The demo data of DESIGN.md §6: fixed ids, names and dates, so every fresh start looks the same
// and tests, demos and benchmarks can name what they need.
import type { Role } from '../domain/roles';

export const CATCHMENTS = [
  { id: 'northwood', name: 'Northwood area', providerId: 'northwood-as' },
  { id: 'southbay', name: 'Southbay area', providerId: 'southbay-as' },
];

export const PROVIDERS = [
  { id: 'northwood-as', name: 'Northwood Attendance Service', kind: 'CATCHMENT', email: 'referrals@northwood.provider.example', phone: '09 555 0100' },
  { id: 'southbay-as', name: 'Southbay Attendance Service', kind: 'CATCHMENT', email: 'referrals@southbay.provider.example', phone: '09 555 0200' },
  { id: 'kowhai-isp', name: 'Kowhai In-School Provision', kind: 'IN_SCHOOL', email: 'attendance@kowhai.provider.example', phone: '09 555 0300' },
];

export const SCHOOLS = [
  { id: 'north-high', name: 'North High School', catchmentId: 'northwood', inSchoolProviderId: null },
  { id: 'southbay-primary', name: 'Southbay Primary School', catchmentId: 'southbay', inSchoolProviderId: null },
  { id: 'kowhai-college', name: 'Kowhai College', catchmentId: 'northwood', inSchoolProviderId: 'kowhai-isp' },
];

interface DemoUser {
  id: string;
  name: string;
  email: string;
  phone: string;
  roles: { role: Role; schoolId?: string; providerId?: string }[];
}

const nh = '@northhigh.school.example';
const sb = '@southbay.school.example';
const kc = '@kowhai.school.example';
const nwp = '@northwood.provider.example';
const sbp = '@southbay.provider.example';
const kp = '@kowhai.provider.example';

export const USERS: DemoUser[] = [
  { id: 'susan.wildes', name: 'Susan Wildes', email: `susan.wildes${nh}`, phone: '09 444 1001', roles: [{ role: 'ATTENDANCE_LEAD', schoolId: 'north-high' }] },
  { id: 'david.smith', name: 'David Smith', email: `david.smith${nh}`, phone: '09 444 1002', roles: [{ role: 'PRIMARY_CONTACT', schoolId: 'north-high' }] },
  { id: 'mere.ngata', name: 'Mere Ngata', email: `mere.ngata${nh}`, phone: '09 444 1003', roles: [{ role: 'PRIMARY_CONTACT', schoolId: 'north-high' }] },
  { id: 'oscar.tane', name: 'Oscar Tane', email: `oscar.tane${nh}`, phone: '09 444 1004', roles: [{ role: 'OFFICE_SUPPORT', schoolId: 'north-high' }] },
  { id: 'dana.reid', name: 'Dana Reid', email: `dana.reid${nh}`, phone: '09 444 1005', roles: [{ role: 'DELEGATED_AUTHORISER', schoolId: 'north-high' }] },
  { id: 'sam.lee', name: 'Sam Lee', email: `sam.lee${sb}`, phone: '09 444 2001', roles: [{ role: 'ATTENDANCE_LEAD', schoolId: 'southbay-primary' }] },
  { id: 'aria.kahu', name: 'Aria Kahu', email: `aria.kahu${kc}`, phone: '09 444 3001', roles: [{ role: 'ATTENDANCE_LEAD', schoolId: 'kowhai-college' }] },
  { id: 'jane.doe', name: 'Jane Doe', email: `jane.doe${nwp}`, phone: '09 555 0101', roles: [{ role: 'CASE_MANAGER', providerId: 'northwood-as' }] },
  { id: 'tom.walker', name: 'Tom Walker', email: `tom.walker${nwp}`, phone: '09 555 0103', roles: [{ role: 'CASE_MANAGER', providerId: 'northwood-as' }] },
  { id: 'wiremu.hohaia', name: 'Wiremu Hohaia', email: `wiremu.hohaia${nwp}`, phone: '09 555 0102', roles: [{ role: 'WORKFLOW_LEAD', providerId: 'northwood-as' }] },
  { id: 'ken.moana', name: 'Ken Moana', email: `ken.moana${sbp}`, phone: '09 555 0201', roles: [{ role: 'CASE_MANAGER', providerId: 'southbay-as' }] },
  { id: 'lee.park', name: 'Lee Park', email: `lee.park${sbp}`, phone: '09 555 0202', roles: [{ role: 'WORKFLOW_LEAD', providerId: 'southbay-as' }] },
  // A small In-School Provision: its one Case Manager also leads its workflow.
  { id: 'hana.rua', name: 'Hana Rua', email: `hana.rua${kp}`, phone: '09 555 0301', roles: [{ role: 'CASE_MANAGER', providerId: 'kowhai-isp' }, { role: 'WORKFLOW_LEAD', providerId: 'kowhai-isp' }] },
  { id: 'pat.operator', name: 'Pat Operator', email: 'pat.operator@attendance.example', phone: '09 555 0900', roles: [{ role: 'OPERATOR' }] },
];

interface DemoStudent {
  id: string;
  nsn: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  enrolments: { schoolId: string; start: string; end?: string }[];
}

const s = (id: string, nsn: string, givenName: string, familyName: string, dateOfBirth: string, schoolId: string, start = '2024-02-01'): DemoStudent => ({
  id,
  nsn,
  givenName,
  familyName,
  dateOfBirth,
  enrolments: [{ schoolId, start }],
});

export const STUDENTS: DemoStudent[] = [
  s('st-faatali', '131000001', "Fa'atali", 'Solomona', '2011-04-12', 'north-high'),
  s('st-joseph', '131000002', 'Joseph', 'Bloggs', '2010-09-30', 'north-high'),
  s('st-aroha', '131000003', 'Aroha', 'Wiremu', '2012-01-18', 'north-high'),
  s('st-liam', '131000004', 'Liam', 'Chen', '2011-11-02', 'north-high'),
  s('st-mia', '131000005', 'Mia', 'Patel', '2010-06-21', 'north-high'),
  s('st-noah', '131000006', 'Noah', 'Williams', '2011-03-08', 'north-high'),
  s('st-teariki', '131000007', 'Te Ariki', 'Walker', '2012-07-14', 'north-high'),
  s('st-sophie', '131000008', 'Sophie', 'Martin', '2010-12-05', 'north-high'),
  // Moved from North High to Southbay Primary mid-2026: her case follows her enrolment.
  {
    id: 'st-ruby',
    nsn: '131000009',
    givenName: 'Ruby',
    familyName: 'Harris',
    dateOfBirth: '2013-02-27',
    enrolments: [
      { schoolId: 'north-high', start: '2024-02-01', end: '2026-07-24' },
      { schoolId: 'southbay-primary', start: '2026-07-27' },
    ],
  },
  s('st-ella', '132000001', 'Ella', 'Brown', '2015-05-19', 'southbay-primary'),
  s('st-manaia', '132000002', 'Manaia', 'Tuilagi', '2014-08-03', 'southbay-primary'),
  s('st-grace', '132000003', 'Grace', 'Kim', '2015-10-11', 'southbay-primary'),
  s('st-oliver', '132000004', 'Oliver', 'Jones', '2016-01-25', 'southbay-primary'),
  s('st-nikau', '133000001', 'Nikau', 'Parata', '2009-03-16', 'kowhai-college'),
  s('st-isla', '133000002', 'Isla', 'Thompson', '2009-11-29', 'kowhai-college'),
  s('st-hemi', '133000003', 'Hemi', 'Tawhiri', '2010-02-07', 'kowhai-college'),
];

export interface DemoComment {
  by: string;
  side: 'SCHOOL' | 'PROVIDER';
  body: string;
  at: string;
  shared?: boolean;
}

export interface DemoCase {
  reference: string;
  requestNumber: string;
  studentId: string;
  schoolId: string;
  primaryContactId: string;
  createdById: string;
  openedAt: string;
  ownerId?: string;
  status: 'ALLOCATED' | 'ASSIGNED' | 'IN_PROGRESS' | 'ON_HOLD' | 'CLOSED';
  onHoldReason?: string;
  closedAt?: string;
  closureReason?: string;
  closureSummary?: string;
  comments?: DemoComment[];
  referrals?: { number: string; date: string; source: string; status: string; serviceName: string; serviceProvider: string; shared?: boolean }[];
}

export const CASES: DemoCase[] = [
  {
    reference: '00098601',
    requestNumber: '999229901',
    studentId: 'st-faatali',
    schoolId: 'north-high',
    primaryContactId: 'david.smith',
    createdById: 'susan.wildes',
    openedAt: '2026-06-11T21:15:00Z',
    ownerId: 'jane.doe',
    status: 'IN_PROGRESS',
    comments: [
      { by: 'jane.doe', side: 'PROVIDER', body: 'Guardian contacted to confirm emergency contact details are up to date.', at: '2026-06-17T22:00:00Z', shared: true },
      { by: 'susan.wildes', side: 'SCHOOL', body: 'Birth certificate verified and added to the documentation.', at: '2026-06-18T01:30:00Z' },
      { by: 'jane.doe', side: 'PROVIDER', body: 'Medical consent form received and uploaded to the case.', at: '2026-06-18T03:10:00Z', shared: true },
      { by: 'jane.doe', side: 'PROVIDER', body: 'Internal: check in with the public health nurse before the next home visit.', at: '2026-06-19T02:00:00Z' },
      { by: 'jane.doe', side: 'PROVIDER', body: 'Student returned to school today after three consecutive sick days.', at: '2026-06-21T00:45:00Z', shared: true },
      { by: 'david.smith', side: 'SCHOOL', body: "Parent confirmed absence due to illness and provided a doctor's note.", at: '2026-07-06T20:30:00Z' },
    ],
    referrals: [
      { number: 'REF-00000000001', date: '2026-06-13T00:30:00Z', source: 'North High School', status: 'Received', serviceName: 'Support Group', serviceProvider: 'Oranga Tamariki', shared: true },
      { number: 'REF-00000000003', date: '2026-06-13T00:30:00Z', source: 'Attendance Manager', status: 'Pending', serviceName: 'Public Health Nurse', serviceProvider: 'Health NZ', shared: true },
    ],
  },
  { reference: '00098602', requestNumber: '999229902', studentId: 'st-joseph', schoolId: 'north-high', primaryContactId: 'david.smith', createdById: 'david.smith', openedAt: '2026-08-03T22:00:00Z', ownerId: 'jane.doe', status: 'ASSIGNED' },
  {
    reference: '00098603',
    requestNumber: '999229903',
    studentId: 'st-aroha',
    schoolId: 'north-high',
    primaryContactId: 'mere.ngata',
    createdById: 'mere.ngata',
    openedAt: '2026-09-14T20:40:00Z',
    ownerId: 'jane.doe',
    status: 'ON_HOLD',
    onHoldReason: 'Whānau away overseas until the start of Term 4',
    comments: [{ by: 'mere.ngata', side: 'SCHOOL', body: 'Aroha has been away for two weeks; whānau say they are visiting family in Samoa.', at: '2026-09-15T01:00:00Z' }],
  },
  { reference: '00098604', requestNumber: '999229904', studentId: 'st-liam', schoolId: 'north-high', primaryContactId: 'mere.ngata', createdById: 'oscar.tane', openedAt: '2026-11-24T21:05:00Z', status: 'ALLOCATED' },
  { reference: '00098605', requestNumber: '999229905', studentId: 'st-ruby', schoolId: 'north-high', primaryContactId: 'david.smith', createdById: 'susan.wildes', openedAt: '2026-05-20T22:30:00Z', ownerId: 'jane.doe', status: 'IN_PROGRESS' },
  {
    reference: '00098606',
    requestNumber: '999229906',
    studentId: 'st-mia',
    schoolId: 'north-high',
    primaryContactId: 'mere.ngata',
    createdById: 'mere.ngata',
    openedAt: '2026-03-02T21:00:00Z',
    ownerId: 'jane.doe',
    status: 'CLOSED',
    closedAt: '2026-09-30T03:00:00Z',
    closureReason: 'Attendance improved',
    closureSummary: 'Attendance above 90% for six consecutive weeks after a mentoring plan.',
  },
  { reference: '00098611', requestNumber: '999229911', studentId: 'st-ella', schoolId: 'southbay-primary', primaryContactId: 'sam.lee', createdById: 'sam.lee', openedAt: '2026-07-08T21:30:00Z', ownerId: 'ken.moana', status: 'IN_PROGRESS' },
  { reference: '00098612', requestNumber: '999229912', studentId: 'st-manaia', schoolId: 'southbay-primary', primaryContactId: 'sam.lee', createdById: 'sam.lee', openedAt: '2026-10-19T20:50:00Z', ownerId: 'ken.moana', status: 'ASSIGNED' },
  {
    reference: '00098613',
    requestNumber: '999229913',
    studentId: 'st-grace',
    schoolId: 'southbay-primary',
    primaryContactId: 'sam.lee',
    createdById: 'sam.lee',
    openedAt: '2026-02-16T21:00:00Z',
    ownerId: 'ken.moana',
    status: 'CLOSED',
    closedAt: '2026-06-26T04:00:00Z',
    closureReason: 'Student left the area',
    closureSummary: 'Family moved to Christchurch; new school informed.',
  },
  { reference: '00098621', requestNumber: '999229921', studentId: 'st-nikau', schoolId: 'kowhai-college', primaryContactId: 'aria.kahu', createdById: 'aria.kahu', openedAt: '2026-08-25T21:20:00Z', ownerId: 'hana.rua', status: 'IN_PROGRESS' },
  {
    reference: '00098622',
    requestNumber: '999229922',
    studentId: 'st-isla',
    schoolId: 'kowhai-college',
    primaryContactId: 'aria.kahu',
    createdById: 'aria.kahu',
    openedAt: '2026-02-23T21:00:00Z',
    ownerId: 'hana.rua',
    status: 'CLOSED',
    closedAt: '2026-08-14T02:30:00Z',
    closureReason: 'Attendance improved',
    closureSummary: 'Back at school full time with a part-time work placement.',
  },
];

/** Drafts waiting to be finished, so the home page's Draft requests table has something in it. */
export const DRAFTS = [
  { number: '999229931', createdById: 'susan.wildes', schoolId: 'north-high', studentId: 'st-noah', step: 2, updatedAt: '2026-11-30T02:10:00Z' },
  { number: '999229932', createdById: 'david.smith', schoolId: 'north-high', studentId: 'st-teariki', step: 3, updatedAt: '2026-12-01T22:45:00Z' },
];

// A realistic database for the benchmarks: the demo data plus 10,000 cases (with their students,
// enrolments, requests, comments and timeline entries) spread over the demo schools.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from '../db/migrate';
import { createPrisma } from '../db/prisma';
import { seedDemoCases, seedReferenceData } from '../prisma/seed';

export const SESSION_TOKENS = {
  susan: 'bench-session-susan-wildes-0000000000000',
  wiremu: 'bench-session-wiremu-hohaia-000000000000',
};

// North High is a large school with a busy Attendance Lead (1,200 cases, a third with her as
// Primary Contact); the other cases spread over 47 further schools in the two catchments, so the
// Northwood Workflow Lead sees about half of all 10,000.
interface BenchSchool {
  id: string;
  catchmentId: string;
  providerId: string;
  contacts: string[];
  owner: string;
  weight: number;
}
const DEMO_SCHOOLS: BenchSchool[] = [
  { id: 'north-high', catchmentId: 'northwood', providerId: 'northwood-as', contacts: ['david.smith', 'mere.ngata', 'susan.wildes'], owner: 'jane.doe', weight: 1200 },
  { id: 'southbay-primary', catchmentId: 'southbay', providerId: 'southbay-as', contacts: ['sam.lee'], owner: 'ken.moana', weight: 400 },
  { id: 'kowhai-college', catchmentId: 'northwood', providerId: 'kowhai-isp', contacts: ['aria.kahu'], owner: 'hana.rua', weight: 300 },
];
const EXTRA_SCHOOLS: BenchSchool[] = Array.from({ length: 47 }, (_, i) => {
  const north = i % 2 === 0;
  return {
    id: `bench-school-${i}`,
    catchmentId: north ? 'northwood' : 'southbay',
    providerId: north ? 'northwood-as' : 'southbay-as',
    contacts: [`bench-contact-${i}`],
    owner: north ? 'jane.doe' : 'ken.moana',
    weight: 172,
  };
});
const SCHOOLS = [...DEMO_SCHOOLS, ...EXTRA_SCHOOLS];
const TOTAL_WEIGHT = SCHOOLS.reduce((n, s) => n + s.weight, 0);

const NAMES = ['Aroha', 'Liam', 'Mia', 'Noah', 'Ruby', 'Te Ariki', 'Isla', 'Nikau', 'Grace', 'Oliver', 'Manaia', 'Sophie', 'Hemi', 'Ella', 'Leo', 'Maia'];
const FAMILIES = ['Williams', 'Ngata', 'Smith', 'Patel', 'Chen', 'Walker', 'Tuilagi', 'Brown', 'Parata', 'Kim', 'Harris', 'Thompson', 'Jones', 'Wiremu'];
const STATUSES = ['ALLOCATED', 'ASSIGNED', 'IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS', 'ON_HOLD'];

const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');

export async function buildDataset(cases = 10_000): Promise<{ dir: string; url: string; sampleReferences: string[]; scopes: { susan: number; wiremu: number } }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casehub-bench-'));
  const file = path.join(dir, 'app.db');
  const url = `file:${file}`;
  await migrate(url);
  const prisma = createPrisma(url);
  await seedReferenceData(prisma);
  await seedDemoCases(prisma);
  await prisma.$disconnect();

  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const insertStudent = db.prepare('INSERT INTO "Student" ("id","nsn","givenName","familyName","nameSearch","dateOfBirth") VALUES (?,?,?,?,?,?)');
  const insertEnrolment = db.prepare('INSERT INTO "Enrolment" ("id","studentId","schoolId","startDate","endDate") VALUES (?,?,?,?,NULL)');
  const insertRequest = db.prepare(
    `INSERT INTO "Request" ("number","status","service","schoolId","studentId","createdById","answers","currentStep","version","createdAt","updatedAt","submittedAt","caseReference")
     VALUES (?,'SUBMITTED','CHRONIC_ABSENCE',?,?,?,?,5,2,?,?,?,?)`,
  );
  const insertCase = db.prepare(
    `INSERT INTO "Case" ("reference","requestNumber","type","status","openedAt","studentId","learnerName","learnerSearch","schoolId","currentSchoolId","catchmentId","providerId","allocatedAt","ownerId","assignedAt","primaryContactId","primaryContactName","primaryContactPhone","primaryContactEmail","overdue","lastActivityAt","closedAt","closureReason","updatedAt")
     VALUES (?,?,'CHRONIC_ABSENCE',?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,?,?,?,?)`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO "TimelineEvent" ("id","caseId","actorId","actorName","kind","summary","audience","commentId","createdAt") VALUES (?,?,?,?,?,?,'ALL',?,?)`,
  );
  const insertComment = db.prepare(
    `INSERT INTO "Comment" ("id","caseId","authorId","authorName","authorSide","body","source","shared","createdAt") VALUES (?,?,?,?,?,?,'WEB',?,?)`,
  );
  // The extra schools and their Primary Contacts.
  const insertSchool = db.prepare('INSERT INTO "School" ("id","name","catchmentId","inSchoolProviderId") VALUES (?,?,?,NULL)');
  const insertUser = db.prepare('INSERT INTO "User" ("id","email","name","nameSearch","phone","active","createdAt") VALUES (?,?,?,?,?,1,?)');
  const insertRole = db.prepare('INSERT INTO "RoleAssignment" ("id","userId","role","schoolId","providerId","orgKey","grantedAt") VALUES (?,?,\'ATTENDANCE_LEAD\',?,NULL,?,?)');
  db.transaction(() => {
    for (const [i, s] of EXTRA_SCHOOLS.entries()) {
      insertSchool.run(s.id, `Bench School ${i}`, s.catchmentId);
      const contact = s.contacts[0]!;
      insertUser.run(contact, `${contact}@bench.school.example`, `Contact ${i}`, `contact ${i}`, '09 000 0000', iso(new Date()));
      insertRole.run(`${contact}:AL`, contact, s.id, `school:${s.id}`, iso(new Date()));
    }
  })();
  const userName = Object.fromEntries((db.prepare('SELECT "id","name" FROM "User"').all() as { id: string; name: string }[]).map((u) => [u.id, u.name]));
  const answers = JSON.stringify({ attendance: { attendanceRate: 70, daysMissed: 10, pattern: 'Whole days missed', patternNotes: '' } });
  const start = Date.UTC(2024, 0, 1);
  const span = Date.UTC(2026, 10, 30) - start;
  const sampleReferences: string[] = [];
  let rnd = 42;
  const random = () => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

  db.transaction(() => {
    for (let i = 0; i < cases; i++) {
      let pick = random() * TOTAL_WEIGHT;
      const school = SCHOOLS.find((s) => (pick -= s.weight) < 0) ?? SCHOOLS[0]!;
      const given = NAMES[i % NAMES.length]!;
      const family = FAMILIES[Math.floor(i / NAMES.length) % FAMILIES.length]!;
      const studentId = `bench-st-${i}`;
      insertStudent.run(studentId, String(140_000_000 + i), given, family, `${given} ${family}`.toLowerCase(), iso(new Date(Date.UTC(2010, 0, 1) + i * 3_600_000)));
      insertEnrolment.run(`bench-en-${i}`, studentId, school.id, iso(new Date(Date.UTC(2023, 1, 1))));
      const reference = String(10_000_000 + i).padStart(8, '0');
      const number = String(700_000_000 + i);
      const openedAt = new Date(start + Math.floor(random() * span));
      const closed = random() < 0.25;
      const status = closed ? 'CLOSED' : STATUSES[i % STATUSES.length]!;
      const owner = status === 'ALLOCATED' ? null : school.owner;
      const contact = school.contacts[i % school.contacts.length]!;
      const by = school.contacts[0]!;
      insertRequest.run(number, school.id, studentId, by, answers, iso(openedAt), iso(openedAt), iso(openedAt), reference);
      const info = insertCase.run(
        reference, number, status, iso(openedAt), studentId, `${given} ${family}`, `${given} ${family}`.toLowerCase(), school.id, school.id, school.catchmentId,
        school.providerId, iso(openedAt), owner, owner ? iso(openedAt) : null, contact, userName[contact], '09 444 1000', `${contact}@example.test`,
        iso(openedAt), closed ? iso(new Date(openedAt.getTime() + 30 * 86_400_000)) : null, closed ? 'Attendance improved' : null, iso(openedAt),
      );
      const caseId = Number(info.lastInsertRowid);
      insertEvent.run(`${reference}:opened`, caseId, by, userName[by], 'CASE_OPENED', `Request ${number} submitted`, null, iso(openedAt));
      insertEvent.run(`${reference}:allocated`, caseId, null, 'Attendance Service', 'CASE_ALLOCATED', 'Allocated', null, iso(new Date(openedAt.getTime() + 60_000)));
      for (let c = 0; c < 3; c++) {
        const commentId = crypto.randomUUID();
        const at = iso(new Date(openedAt.getTime() + (c + 1) * 86_400_000));
        const fromSchool = c % 2 === 0;
        const author = fromSchool ? by : (owner ?? school.owner);
        insertComment.run(commentId, caseId, author, userName[author], fromSchool ? 'SCHOOL' : 'PROVIDER', `Update ${c + 1} on attendance this week.`, fromSchool ? 0 : 1, at);
        insertEvent.run(`${reference}:comment:${c}`, caseId, author, userName[author], 'COMMENT_ADDED', 'Comment added', commentId, at);
      }
      if (school.id === 'north-high' && !closed && sampleReferences.length < 50) sampleReferences.push(reference);
    }
  })();
  const token = (t: string) => crypto.createHash('sha256').update(t).digest('base64url');
  const now = new Date();
  const later = new Date(now.getTime() + 12 * 3_600_000);
  const session = db.prepare('INSERT INTO "Session" ("id","userId","createdAt","lastSeenAt","expiresAt") VALUES (?,?,?,?,?)');
  session.run(token(SESSION_TOKENS.susan), 'susan.wildes', iso(now), iso(now), iso(later));
  session.run(token(SESSION_TOKENS.wiremu), 'wiremu.hohaia', iso(now), iso(now), iso(later));
  // No ANALYZE: the app never runs it, and with STAT4 statistics SQLite re-prepares a statement
  // on every new binding (measured: a 7-table join went from 50 µs to 180 µs).
  db.pragma('wal_checkpoint(TRUNCATE)');
  const active = (sql: string, arg: string) => (db.prepare(`SELECT COUNT(*) AS n FROM "Case" WHERE ${sql} AND "closedAt" IS NULL`).get(arg) as { n: number }).n;
  const scopes = { susan: active('"currentSchoolId" = ?', 'north-high'), wiremu: active('"providerId" = ?', 'northwood-as') };
  db.close();
  return { dir, url, sampleReferences, scopes };
}

// The import report as plain text lines, for the command line: counts per kind, or every problem
// as `file:line column: reason`.
import { KINDS, describeProblem, type ImportReport } from './csvFormat';

export function describeReport(report: ImportReport): string[] {
  if (!report.ok) {
    const n = report.errors.length;
    return [`Nothing was imported: ${n} ${n === 1 ? 'problem' : 'problems'} to fix.`, ...report.errors.map(describeProblem)];
  }
  const lines = [`Imported ${report.files.join(', ')}:`];
  for (const kind of KINDS) {
    const c = report.counts[kind];
    if (c) lines.push(`  ${kind.padEnd(11)} ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`);
  }
  lines.push(`  cases moved to the school their student is enrolled at today: ${report.casesMoved}`);
  return lines;
}

// Reads one reference data file into rows keyed by column name, each with the line it starts on,
// and reports what makes the file or a row unreadable. Keeps going after a bad row, so one run
// lists every problem rather than the first.
import { parse } from 'csv-parse/sync';
import { COLUMNS, MAX_FILE_BYTES, fileNameOf, type ImportProblem, type Kind } from './csvFormat';

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

export interface CsvFile {
  kind: Kind;
  file: string;
  /** Column names as the header spells them (after matching case-insensitively). */
  columns: Set<string>;
  rows: CsvRow[];
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
  raw: string;
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export function readCsv(kind: Kind, bytes: Buffer, problems: ImportProblem[]): CsvFile {
  const file = fileNameOf(kind);
  const result: CsvFile = { kind, file, columns: new Set(), rows: [] };
  const problem = (line: number | null, column: string | null, reason: string) => problems.push({ file, line, column, reason });

  if (bytes.length > MAX_FILE_BYTES) {
    problem(null, null, `the file is ${megabytes(bytes.length)}; the largest accepted is ${megabytes(MAX_FILE_BYTES)}`);
    return result;
  }
  let text: string;
  try {
    // fatal: a file saved as Latin-1 or UTF-16 would otherwise import with garbled names.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    problem(null, null, 'the file is not UTF-8 text: save it as "CSV UTF-8" and import it again');
    return result;
  }

  const records: ParsedRecord[] = [];
  let unreadable: { code?: string; message: string; lines?: number } | null = null;
  const skipped: { code?: string; message: string; lines?: number }[] = [];
  try {
    const parsed = parse(text, {
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        if (err) skipped.push(err as { code?: string; message: string; lines?: number });
        return undefined;
      },
    }) as unknown as ParsedRecord[];
    records.push(...parsed);
  } catch (err) {
    unreadable = err as { code?: string; message: string; lines?: number };
  }

  // A record's info.lines is the line it ends on; a quoted value may run over several lines.
  const startLine = (r: ParsedRecord) => r.info.lines - ((r.raw.replace(/\r?\n$/, '').match(/\n/g) ?? []).length);
  const lastLine = records.length ? records[records.length - 1]!.info.lines : 0;
  for (const err of [...skipped, ...(unreadable ? [unreadable] : [])]) {
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      // Reported at the end of the input: the row that opened the quote is the first one after the
      // last row read.
      const lines = text.split('\n');
      let line = lastLine + 1;
      while (line <= lines.length && lines[line - 1]!.trim() === '') line++;
      problem(line, null, 'a quoted value is never closed ("), so this row and everything after it could not be read');
    } else {
      problem(err.lines ?? null, null, `this row cannot be read as CSV: ${err.message.replace(/^[^:]*: /, '')}`);
    }
  }

  const nonBlank = records.filter((r) => r.record.some((v) => v.trim() !== ''));
  const header = nonBlank[0];
  if (!header) {
    if (problems.every((p) => p.file !== file)) {
      problem(null, null, `the file is empty: it needs a header row naming its columns (${COLUMNS[kind].map((c) => c.name).join(',')}) and at least one data row`);
    }
    return result;
  }
  const headerLine = startLine(header);
  const specs = COLUMNS[kind];
  const names: (string | null)[] = header.record.map((raw) => {
    const given = raw.trim();
    const spec = specs.find((c) => c.name.toLowerCase() === given.toLowerCase());
    if (!spec) {
      problem(headerLine, given || `(column ${header.record.indexOf(raw) + 1})`, `unknown column "${given}": the columns of ${file} are ${specs.map((c) => c.name).join(', ')}`);
      return null;
    }
    if (result.columns.has(spec.name)) {
      problem(headerLine, spec.name, `the column "${spec.name}" is named twice in the header`);
      return null;
    }
    result.columns.add(spec.name);
    return spec.name;
  });
  for (const spec of specs) {
    if (spec.required && !result.columns.has(spec.name)) problem(headerLine, spec.name, `the header has no "${spec.name}" column, which is required`);
  }

  const data = nonBlank.slice(1);
  if (data.length === 0 && problems.every((p) => p.file !== file || p.line === headerLine)) {
    problem(null, null, 'the file has a header row but no data rows');
  }
  for (const r of data) {
    const line = startLine(r);
    if (r.record.length !== header.record.length) {
      problem(line, null, `this row has ${r.record.length} values but the header has ${header.record.length} columns (a value containing a comma must be in double quotes)`);
      continue;
    }
    const values: Record<string, string> = {};
    r.record.forEach((v, i) => {
      const name = names[i];
      if (name) values[name] = v.trim();
    });
    result.rows.push({ line, values });
  }
  return result;
}

// Takes the next number of a named sequence in one atomic statement (both databases).
import type { Db } from '../db/prisma';

type Tx = Pick<Db, '$queryRaw'>;

export async function nextNumber(db: Tx, name: 'caseReference' | 'requestNumber' | 'referralNumber'): Promise<number> {
  const rows = await db.$queryRaw<{ value: number | bigint }[]>`UPDATE "Counter" SET "value" = "value" + 1 WHERE "name" = ${name} RETURNING "value"`;
  const row = rows[0];
  if (!row) throw new Error(`Counter ${name} is missing: run the seed`);
  return Number(row.value);
}

import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { preparedRows } from '../../db/prepared-query.ts';
import type { DeclarationsTable } from '../../db/schema.ts';

export type DeclarationRow = DeclarationsTable;

/** A declaration before it has its slot of the day. The count that numbers it binds the person and the day once more. */
type UnnumberedRow = Omit<DeclarationRow, 'day_seq'>;
type NextSlotRow = UnnumberedRow & { slot_person_id: string; slot_day: string };

const NEXT_SLOT_COLUMNS = {
  id: true,
  person_id: true,
  declared_by_account_id: true,
  declared_at: true,
  day: true,
  contact_phone_sealed: true,
  address_sealed: true,
  region_code: true,
  temperature_tenths: true,
  symptoms: true,
  visited_regions: true,
  contact_with_case: true,
  arrived_from_abroad: true,
  marked_false_at: true,
  slot_person_id: true,
  slot_day: true,
} as const satisfies Record<keyof NextSlotRow, true>;

const insertInNextSlotQuery = preparedRows<NextSlotRow>(NEXT_SLOT_COLUMNS, (db, rows) =>
  db
    .insertInto('declarations')
    .values(
      rows.map(({ slot_person_id, slot_day, ...row }) => ({
        ...row,
        day_seq: (eb) => eb.selectFrom('declarations').select(sql<number>`count(*) + 1`.as('next')).where('person_id', '=', slot_person_id).where('day', '=', slot_day),
      })),
    )
    .onConflict((oc) => oc.columns(['person_id', 'day', 'day_seq']).doNothing())
    .returning('day_seq'),
);

/**
 * Stores a declaration in the person's next slot of its day, counted and inserted in one statement (a round
 * trip less on PostgreSQL). Returns the slot, which may be past the day's limit: the caller refuses it, and
 * its transaction is rolled back. Undefined when a concurrent declaration took that slot first.
 */
export async function insertDeclarationInNextSlot(db: Executor, row: UnnumberedRow): Promise<number | undefined> {
  const result = await db.executeQuery(insertInNextSlotQuery(db, [{ ...row, slot_person_id: row.person_id, slot_day: row.day }]));
  const stored = result.rows[0] as { day_seq: number } | undefined;
  return stored && Number(stored.day_seq);
}

/** Deletes up to `limit` of the declarations made before `cutoff`, oldest first; returns how many it deleted. */
export async function deleteDeclarationsBefore(db: Executor, cutoff: number, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('declarations')
    .where('id', 'in', (eb) => eb.selectFrom('declarations').select('id').where('declared_at', '<', cutoff).orderBy('declared_at').limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function findDeclaration(db: Executor, id: string): Promise<DeclarationRow | undefined> {
  return db.selectFrom('declarations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks a declaration false at `at`; false if it was marked already. */
export async function markDeclarationFalse(db: Executor, id: string, at: number): Promise<boolean> {
  const result = await db.updateTable('declarations').set({ marked_false_at: at }).where('id', '=', id).where('marked_false_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listDeclarationsSince(db: Executor, personId: string, since: number): Promise<DeclarationRow[]> {
  return db.selectFrom('declarations').selectAll().where('person_id', '=', personId).where('declared_at', '>=', since).orderBy('declared_at', 'desc').execute();
}

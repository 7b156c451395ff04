import type { Executor } from '../../db/database.ts';

export async function caseVisits(db: Executor, personId: string, from: number, to: number) {
  return db
    .selectFrom('checkins')
    .innerJoin('venues', 'venues.id', 'checkins.venue_id')
    .select(['checkins.id', 'checkins.venue_id', 'checkins.checked_in_at', 'venues.name as venue_name'])
    .where('checkins.person_id', '=', personId)
    .where('checkins.checked_in_at', '>=', from)
    .where('checkins.checked_in_at', '<=', to)
    .orderBy('checkins.checked_in_at')
    .execute();
}

/** Everyone's check-ins at a venue from `from` to `to` (both included), in time order; served by the (venue, time, person) index. */
export async function venueCheckins(db: Executor, venueId: string, from: number, to: number) {
  return db
    .selectFrom('checkins')
    .select(['id', 'person_id', 'checked_in_at'])
    .where('venue_id', '=', venueId)
    .where('checked_in_at', '>=', from)
    .where('checked_in_at', '<=', to)
    .orderBy('checked_in_at')
    .execute();
}

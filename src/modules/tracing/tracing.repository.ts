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

/** Check-ins at a venue strictly inside (from, to), other than the case's own; served by the (venue, time) index. */
export async function checkinsNear(db: Executor, venueId: string, from: number, to: number, exceptPersonId: string) {
  return db
    .selectFrom('checkins')
    .select(['id', 'person_id', 'checked_in_at'])
    .where('venue_id', '=', venueId)
    .where('checked_in_at', '>', from)
    .where('checked_in_at', '<', to)
    .where('person_id', '!=', exceptPersonId)
    .execute();
}

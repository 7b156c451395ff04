import type { Lang } from '../../shared/i18n.ts';
import { maskName, maskPhone } from '../../shared/masking.ts';
import { regionPath } from '../regions/regions.data.ts';
import type { PublicVenue, Venue } from './venues.service.ts';

/** The manager sees their own venue's contact in full; the authority sees it masked. */
export function presentVenue(venue: Venue, viewer: 'manager' | 'authority', lang: Lang) {
  return {
    ...venue,
    regionName: regionPath(venue.regionCode, lang),
    contactName: viewer === 'manager' ? venue.contactName : maskName(venue.contactName),
    contactPhone: viewer === 'manager' ? venue.contactPhone : maskPhone(venue.contactPhone),
  };
}

/** What anyone holding the venue's code may see before signing in. */
export function presentPublicVenue(venue: PublicVenue, lang: Lang) {
  return { name: venue.name, category: venue.category, address: venue.address, regionName: regionPath(venue.regionCode, lang) };
}

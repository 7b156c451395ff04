import { Type } from 'typebox';
import { errorResponses } from '../../http/schemas.ts';
import { VENUE_CATEGORIES } from './venues.service.ts';

export const VenueBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  category: Type.Enum(VENUE_CATEGORIES),
  address: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  contactName: Type.String({ description: 'Unmasked to the venue’s manager, masked to the authority' }),
  contactPhone: Type.String({ description: 'Unmasked to the venue’s manager, masked to the authority' }),
  suspended: Type.Boolean(),
  suspendReason: Type.Union([Type.String(), Type.Null()]),
  screenOnly: Type.Boolean({ description: 'Only the rotating screen code is accepted' }),
  statsRequestedAt: Type.Union([Type.Number(), Type.Null()]),
  statsGrantedAt: Type.Union([Type.Number(), Type.Null()]),
  createdAt: Type.Number(),
});

export const PublicVenueBody = Type.Object({ name: Type.String(), category: Type.Enum(VENUE_CATEGORIES), address: Type.String(), regionName: Type.String() });

export const VenueCodeBody = Type.Object({
  venue: VenueBody,
  url: Type.String({ description: 'What the QR holds: <public url>/c/<token>' }),
  qrSvg: Type.String(),
  validUntil: Type.Optional(Type.Number({ description: 'Screen codes: accepted until then' })),
  serverTime: Type.Optional(Type.Number()),
  timeZone: Type.Optional(Type.String({ description: 'For the screen’s clock' })),
});

export const ApplyVenueBody = Type.Object({
  name: Type.String({ maxLength: 100 }),
  category: Type.Enum(VENUE_CATEGORIES),
  address: Type.String({ maxLength: 200 }),
  regionCode: Type.String({ maxLength: 6 }),
  contactName: Type.String({ maxLength: 64 }),
  contactPhone: Type.String({ maxLength: 20 }),
});

export const StatsBody = Type.Object({
  hourly: Type.Array(Type.Object({ hourStart: Type.Number(), label: Type.String(), visits: Type.Integer() })),
  daily: Type.Array(Type.Object({ day: Type.String(), visits: Type.Integer(), green: Type.Integer(), yellow: Type.Integer(), red: Type.Integer(), other: Type.Integer() })),
  colourMix: Type.Object({ green: Type.Integer(), yellow: Type.Integer(), red: Type.Integer(), other: Type.Integer() }),
  trend: Type.Object({ last7Days: Type.Integer(), previous7Days: Type.Integer() }),
});

export const VenueParams = Type.Object({ venueId: Type.String({ maxLength: 64 }) });
export const ReasonBody = Type.Object({ reason: Type.String({ maxLength: 500 }) });
export const venueErrors = errorResponses;

/**
 * Venue codes hold `<public url>/c/<token>`. Only this platform ever checks them, so a MAC (HMAC-SHA256
 * under a key derived from the master key) is enough: it keeps the poster's QR small and a check-in cheap.
 * A poster carries a static token `s.<venue id>.<mac>`; a venue's screen shows a rotating one
 * `r.<venue id>.<window>.<mac>` that is accepted during its window and the next, so a photo of it soon
 * stops working.
 */
import { timingSafeEqual } from 'node:crypto';
import type { PersonalDataCipher } from '../../crypto/personal-data-cipher.ts';

export type VenueTokenCheck = { ok: true; venueId: string; kind: 'static' | 'screen' } | { ok: false; problem: 'INVALID' | 'STALE' };

export function createVenueTokens(cipher: PersonalDataCipher, rotationMs: number) {
  const mac = (body: string) => cipher.keyedHash('venue-code', body);
  const sameMac = (given: string, body: string) => {
    const expected = Buffer.from(mac(body));
    const actual = Buffer.from(given);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  };
  const windowAt = (at: number) => Math.floor(at / rotationMs);

  return {
    poster(venueId: string): string {
      return `s.${venueId}.${mac(`s.${venueId}`)}`;
    },

    screen(venueId: string, at: number): { token: string; validUntil: number } {
      const window = windowAt(at);
      return { token: `r.${venueId}.${window}.${mac(`r.${venueId}.${window}`)}`, validUntil: (window + 2) * rotationMs };
    },

    check(token: string, at: number): VenueTokenCheck {
      const parts = token.split('.');
      if (parts[0] === 's' && parts.length === 3 && /^[0-9a-f]{32}$/.test(parts[1]!) && sameMac(parts[2]!, `s.${parts[1]}`)) {
        return { ok: true, venueId: parts[1]!, kind: 'static' };
      }
      if (parts[0] === 'r' && parts.length === 4 && /^[0-9a-f]{32}$/.test(parts[1]!) && /^\d{1,15}$/.test(parts[2]!) && sameMac(parts[3]!, `r.${parts[1]}.${parts[2]}`)) {
        const age = windowAt(at) - Number(parts[2]);
        return age === 0 || age === 1 ? { ok: true, venueId: parts[1]!, kind: 'screen' } : { ok: false, problem: 'STALE' };
      }
      return { ok: false, problem: 'INVALID' };
    },
  };
}

export type VenueTokens = ReturnType<typeof createVenueTokens>;

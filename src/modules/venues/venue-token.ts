/**
 * Venue codes hold `<public url>/c/<token>`. Only this platform ever checks them, so a MAC (HMAC-SHA256
 * under a key derived from the master key) is enough: it keeps the poster's QR small and a check-in cheap.
 * A poster carries a static token `s.<venue id>.<mac>`; a venue's screen shows a rotating one
 * `r.<venue id>.<window>.<mac>` that is accepted during its window and the next, so a photo of it soon
 * stops working.
 */
import { timingSafeEqual } from 'node:crypto';
import { LruCache } from '../../cache/lru-cache.ts';
import type { PersonalDataCipher } from '../../crypto/personal-data-cipher.ts';

export type VenueTokenCheck = { ok: true; venueId: string; kind: 'static' | 'screen' } | { ok: false; problem: 'INVALID' | 'STALE' };

/** What a token whose MAC matched says: its venue, and for a screen's token, its window. */
interface Authentic {
  venueId: string;
  window: number | null;
}

/** Authentic tokens remembered: a poster's and a screen's current one for each of 10 000 venues. */
const REMEMBERED_TOKENS = 20_000;

export function createVenueTokens(cipher: PersonalDataCipher, rotationMs: number) {
  const mac = (body: string) => cipher.keyedHash('venue-code', body);
  const sameMac = (given: string, body: string) => {
    const expected = Buffer.from(mac(body));
    const actual = Buffer.from(given);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  };
  const windowAt = (at: number) => Math.floor(at / rotationMs);
  // A poster is scanned all day and its token never changes: the HMAC per scan was a twentieth of a check-in's
  // time on the event loop. Only tokens whose MAC matched are kept, so a forged one is checked (and refused) every time.
  const authentic = new LruCache<string, Authentic>(REMEMBERED_TOKENS);

  function authenticate(token: string): Authentic | undefined {
    const parts = token.split('.');
    if (parts[0] === 's' && parts.length === 3 && /^[0-9a-f]{32}$/.test(parts[1]!) && sameMac(parts[2]!, `s.${parts[1]}`)) {
      return { venueId: parts[1]!, window: null };
    }
    if (parts[0] === 'r' && parts.length === 4 && /^[0-9a-f]{32}$/.test(parts[1]!) && /^\d{1,15}$/.test(parts[2]!) && sameMac(parts[3]!, `r.${parts[1]}.${parts[2]}`)) {
      return { venueId: parts[1]!, window: Number(parts[2]) };
    }
    return undefined;
  }

  return {
    poster(venueId: string): string {
      return `s.${venueId}.${mac(`s.${venueId}`)}`;
    },

    screen(venueId: string, at: number): { token: string; validUntil: number } {
      const window = windowAt(at);
      return { token: `r.${venueId}.${window}.${mac(`r.${venueId}.${window}`)}`, validUntil: (window + 2) * rotationMs };
    },

    check(token: string, at: number): VenueTokenCheck {
      let found = authentic.get(token, at);
      if (!found) {
        found = authenticate(token);
        if (!found) return { ok: false, problem: 'INVALID' };
        // A screen's token is kept no longer than it is accepted.
        authentic.set(token, found, found.window === null ? Infinity : (found.window + 2) * rotationMs);
      }
      if (found.window === null) return { ok: true, venueId: found.venueId, kind: 'static' };
      const age = windowAt(at) - found.window;
      return age === 0 || age === 1 ? { ok: true, venueId: found.venueId, kind: 'screen' } : { ok: false, problem: 'STALE' };
    },
  };
}

export type VenueTokens = ReturnType<typeof createVenueTokens>;

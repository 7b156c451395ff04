import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { PersonalDataCipher } from '../../crypto/personal-data-cipher.ts';
import { createVenueTokens } from './venue-token.ts';

const ROTATION = 60_000;
const venueId = '0123456789abcdef0123456789abcdef';
const tamper = (token: string) => `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;

describe('venue tokens', () => {
  it('accept a poster scan after scan, and refuse a forged MAC however often the real one was accepted', () => {
    const tokens = createVenueTokens(new PersonalDataCipher(randomBytes(32)), ROTATION);
    const poster = tokens.poster(venueId);
    for (let i = 0; i < 3; i++) assert.deepEqual(tokens.check(poster, 1_000 * i), { ok: true, venueId, kind: 'static' });
    assert.deepEqual(tokens.check(tamper(poster), 0), { ok: false, problem: 'INVALID' });
    assert.deepEqual(tokens.check(poster.replace(venueId, 'f'.repeat(32)), 0), { ok: false, problem: 'INVALID' });
    const other = createVenueTokens(new PersonalDataCipher(randomBytes(32)), ROTATION);
    assert.deepEqual(other.check(poster, 0), { ok: false, problem: 'INVALID' }, 'another key does not accept it');
  });

  it('accept a screen token in its window and the next only, also once it has been accepted before', () => {
    const tokens = createVenueTokens(new PersonalDataCipher(randomBytes(32)), ROTATION);
    const at = 100 * ROTATION + 5;
    const { token, validUntil } = tokens.screen(venueId, at);
    assert.equal(validUntil, 102 * ROTATION);
    assert.deepEqual(tokens.check(token, at), { ok: true, venueId, kind: 'screen' });
    assert.deepEqual(tokens.check(token, at + ROTATION), { ok: true, venueId, kind: 'screen' });
    assert.deepEqual(tokens.check(token, validUntil), { ok: false, problem: 'STALE' });
    assert.deepEqual(tokens.check(token, validUntil + 10 * ROTATION), { ok: false, problem: 'STALE' });
    assert.deepEqual(tokens.check(token, at - ROTATION), { ok: false, problem: 'STALE' }, 'nor before its window');
    assert.deepEqual(tokens.check(tamper(token), at), { ok: false, problem: 'INVALID' });
  });
});

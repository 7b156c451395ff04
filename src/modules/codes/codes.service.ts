/**
 * The holder's code (出示码): a fresh signed token for the caller or their dependent, drawn as a QR in
 * the status colour. The first code needs a declaration, so a pending person gets no token.
 */
import QRCode from 'qrcode';
import type { Executor } from '../../db/database.ts';
import type { Actor } from '../../shared/access.ts';
import { LruCache } from '../../cache/lru-cache.ts';
import type { GuardiansService } from '../guardians/guardians.service.ts';
import type { IdentityService, MaskedPerson } from '../identity/identity.service.ts';
import type { HolderStatus } from '../rules/rules.engine.ts';
import type { StatusService, StoredStatus } from '../status/status.service.ts';
import { checkCodeToken, signCodeToken, type CodeClaims, type DecodedCodeToken, type TokenCheck } from './code-token.ts';
import type { SigningKeys } from './signing-keys.ts';

/** Dark enough on white for every scanner, and still clearly the colour. */
export const QR_COLOURS: Record<HolderStatus, string> = { green: '#0b7a3e', yellow: '#a66f00', red: '#c62828', pending: '#5f6368' };

export interface IssuedCode {
  person: MaskedPerson;
  status: StoredStatus;
  token: string | null;
  url: string | null;
  /** The colour to draw the QR in; the holder's screen draws it, every few minutes, not the server. */
  qrColour: string;
  issuedAt: number;
  expiresAt: number | null;
}

export type CodesService = ReturnType<typeof createCodesService>;

export function createCodesService(deps: {
  keys: SigningKeys;
  guardians: GuardiansService;
  identity: IdentityService;
  status: StatusService;
  now: () => number;
  issuerId: string;
  publicUrl: string;
  codeTtlSeconds: number;
  cacheEntries: number;
}) {
  const { keys, guardians, identity, status, now, issuerId, publicUrl, codeTtlSeconds } = deps;
  // A code signed moments ago for the same colour with the same key is as good as a new one: screens
  // reloading or asking again within a third of a code's life get it back, and nothing is signed.
  const reuseMs = Math.floor(codeTtlSeconds / 3) * 1000;
  const recentlyIssued = new LruCache<string, { kid: string; status: HolderStatus; token: string; url: string; iat: number; exp: number }>(Math.max(1, deps.cacheEntries));

  // Defined once, not per check: a closure made per call is also named per call by the TypeScript loader.
  const find = (iss: string, kid: string) => (iss === issuerId ? keys.find(kid) : undefined);

  /** Signs claims with the active key; the QR holds `<public url>/v/<token>`. */
  function sign(claims: Omit<CodeClaims, 'iss'>): { token: string; url: string } {
    const key = keys.active();
    const token = signCodeToken({ iss: issuerId, ...claims }, key.kid, key.privateKey, key.macKey);
    return { token, url: `${publicUrl}/v/${token}` };
  }

  /** Signs and draws the QR in the status colour, for printed codes. */
  async function render(claims: Omit<CodeClaims, 'iss'>): Promise<{ token: string; url: string; qrSvg: string }> {
    const signed = sign(claims);
    const qrSvg = await QRCode.toString(signed.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: QR_COLOURS[claims.st], light: '#ffffff' } });
    return { ...signed, qrSvg };
  }

  return {
    render,

    async issue(db: Executor, actor: Actor | null, personId: string): Promise<IssuedCode> {
      await guardians.requireActingFor(db, actor, personId);
      const [person, current] = await Promise.all([identity.getMaskedPerson(db, personId), status.current(db, personId)]);
      const at = now();
      if (current.status === 'pending') return { person, status: current, token: null, url: null, qrColour: QR_COLOURS.pending, issuedAt: at, expiresAt: null };
      const kid = keys.active().kid;
      let code = recentlyIssued.get(personId, at);
      if (!code || code.status !== current.status || code.kid !== kid) {
        // Whole seconds, as in JWTs; expiry counted from the truncated issue time so it is never later than promised.
        const iat = Math.floor(at / 1000);
        const exp = iat + codeTtlSeconds;
        code = { kid, status: current.status, ...sign({ sub: personId, st: current.status, nm: person.name, iat, exp }), iat, exp };
        recentlyIssued.set(personId, code, iat * 1000 + reuseMs);
      }
      return { person, status: current, token: code.token, url: code.url, qrColour: QR_COLOURS[current.status], issuedAt: code.iat * 1000, expiresAt: code.exp * 1000 };
    },

    /** Signature and expiry against this platform's own published keys (reloaded once if the key id is new). */
    async check(token: string | DecodedCodeToken, at: number = now()): Promise<TokenCheck> {
      const result = checkCodeToken(token, find, at);
      if (result.ok || result.problem !== 'UNKNOWN_KEY' || result.claims?.iss !== issuerId || !(await keys.reloadForUnknownKey())) return result;
      return checkCodeToken(token, find, at);
    },

    jwks() {
      return { keys: keys.published().map((k) => k.publicJwk) };
    },
  };
}

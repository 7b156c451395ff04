/**
 * The holder's code token: a compact JWS (RFC 7515) signed with Ed25519 ("EdDSA"), so any platform with
 * the issuer's JWKS can verify it with standard tools. It carries no ID number or full name: the issuer,
 * key id, an opaque subject, the colour at issue, the masked name and a short expiry.
 *
 * This platform's own codes also carry `mac` in the protected header: an HMAC-SHA256 (128 bits) of the
 * payload under a key derived from the signing key. Scanned online, they come back to the platform that
 * holds that key, which checks the MAC (about 1 µs) instead of the Ed25519 signature (about 100 µs).
 * Forging either needs a secret only the platform has, so the check is as strong; everyone else (partners,
 * offline devices, standard JWS tools) ignores the extra header parameter and checks the signature.
 */
import { createHmac, createPublicKey, sign, timingSafeEqual, verify, type KeyObject, type webcrypto } from 'node:crypto';
import type { HolderStatus } from '../rules/rules.engine.ts';

export interface CodeClaims {
  iss: string;
  sub: string;
  /** Colour when issued; online verification shows the live one. */
  st: HolderStatus;
  /** Masked name, e.g. 张* */
  nm: string;
  iat: number;
  exp: number;
  /** Present on printed paper codes (纸质码): their id, so that a revoked one is refused. */
  pc?: string;
}

/** What a token is checked against: the issuer's public key and, for this platform's own keys, the MAC key. */
export interface CodeKey {
  publicKey: KeyObject;
  macKey?: Buffer;
}

export type TokenProblem = 'MALFORMED' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE' | 'EXPIRED';
export type TokenCheck = { ok: true; kid: string; claims: CodeClaims } | { ok: false; problem: TokenProblem; claims?: CodeClaims };

const TYP = 'hc+jwt';
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const macOf = (macKey: Buffer, payload: string) => createHmac('sha256', macKey).update(payload).digest().subarray(0, 16);

export function signCodeToken(claims: CodeClaims, kid: string, privateKey: KeyObject, macKey?: Buffer): string {
  const payload = encode(claims);
  const header = { alg: 'EdDSA', kid, typ: TYP, ...(macKey && { mac: macOf(macKey, payload).toString('base64url') }) };
  const signingInput = `${encode(header)}.${payload}`;
  return `${signingInput}.${sign(null, Buffer.from(signingInput), privateKey).toString('base64url')}`;
}

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function asClaims(payload: Record<string, unknown>): CodeClaims | null {
  const { iss, sub, st, nm, iat, exp, pc } = payload;
  if (typeof iss !== 'string' || typeof sub !== 'string' || typeof nm !== 'string') return null;
  if (typeof st !== 'string' || !['green', 'yellow', 'red', 'pending'].includes(st)) return null;
  if (typeof iat !== 'number' || typeof exp !== 'number' || (pc !== undefined && typeof pc !== 'string')) return null;
  return { iss, sub, st: st as HolderStatus, nm, iat, exp, ...(pc !== undefined && { pc }) };
}

/**
 * A token split and its parts decoded, nothing checked yet: a verification decodes once, learns the issuer
 * from the claims, then checks the same decoded token. `header` is null unless all three parts are well formed.
 */
export interface DecodedCodeToken {
  parts: string[];
  header: Record<string, unknown> | null;
  claims: CodeClaims | null;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function decodeCodeToken(token: string): DecodedCodeToken {
  const parts = token.split('.');
  const header = parts.length === 3 && parts.every((p) => BASE64URL.test(p)) ? decodePart(parts[0]!) : null;
  const payload = parts[1] !== undefined && BASE64URL.test(parts[1]) ? decodePart(parts[1]) : null;
  return { parts, header, claims: payload && asClaims(payload) };
}

/** The token in a scanned code: the QR holds `<public url>/v/<token>`, a device may send either. */
export function tokenFromScan(scanned: string): string {
  const text = scanned.trim();
  const at = text.lastIndexOf('/v/');
  return at === -1 ? text : text.slice(at + 3);
}

/** Whether the token's MAC, when it has one and the key is ours, proves it; otherwise the signature decides. */
function authentic(parts: string[], header: Record<string, unknown>, key: CodeKey): boolean {
  if (key.macKey && typeof header.mac === 'string') {
    const given = Buffer.from(header.mac, 'base64url');
    const expected = macOf(key.macKey, parts[1]!);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  return verify(null, Buffer.from(`${parts[0]}.${parts[1]}`), key.publicKey, Buffer.from(parts[2]!, 'base64url'));
}

/**
 * Checks form, key, authenticity and expiry, in that order. `findKey(iss, kid)` returns the issuer's key
 * for that id, or nothing when the issuer is untrusted or the key unknown.
 */
export function checkCodeToken(token: string | DecodedCodeToken, findKey: (iss: string, kid: string) => CodeKey | undefined, nowMs: number): TokenCheck {
  const { parts, header, claims } = typeof token === 'string' ? decodeCodeToken(token) : token;
  if (!header || header.alg !== 'EdDSA' || header.typ !== TYP || typeof header.kid !== 'string' || !claims) return { ok: false, problem: 'MALFORMED' };
  const key = findKey(claims.iss, header.kid);
  if (!key) return { ok: false, problem: 'UNKNOWN_KEY', claims };
  if (!authentic(parts, header, key)) return { ok: false, problem: 'BAD_SIGNATURE' };
  if (claims.exp * 1000 <= nowMs) return { ok: false, problem: 'EXPIRED', claims };
  return { ok: true, kid: header.kid, claims };
}

export type JsonWebKey = webcrypto.JsonWebKey;

export function publicKeyFromJwk(jwk: JsonWebKey): KeyObject {
  return createPublicKey({ key: jwk, format: 'jwk' });
}

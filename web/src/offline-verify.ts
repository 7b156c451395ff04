/**
 * Offline verification (离线核验): signature and expiry of a code against a cached trust list, with WebCrypto
 * only, so the same module runs in the verifier's browser and in the server's tests. It cannot know a
 * holder's live status or a paper code's revocation; the screen says so.
 */

export interface TrustedIssuer {
  issuerId: string;
  name: string;
  keys: { kid?: string; kty?: string; crv?: string; x?: string }[];
}

export interface TrustList {
  generatedAt: number;
  maxAgeSeconds: number;
  issuers: TrustedIssuer[];
}

export interface OfflineOutcome {
  result: 'valid' | 'expired' | 'invalid' | 'untrusted';
  issuer: { id: string; name: string } | null;
  status: 'green' | 'yellow' | 'red' | 'pending' | null;
  name: string | null;
  kind: 'holder' | 'paper';
  expiresAt: number | null;
}

const fromBase64Url = (text: string): Uint8Array<ArrayBuffer> => {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
};

function decode(part: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(new TextDecoder().decode(fromBase64Url(part))) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The token from a scanned value: a bare token or a URL ending in /v/<token>. */
export function tokenFromScan(scanned: string): string {
  return scanned.trim().replace(/^.*\/v\//, '');
}

export async function verifyOffline(scanned: string, trust: TrustList, nowMs: number): Promise<OfflineOutcome> {
  const invalid: OfflineOutcome = { result: 'invalid', issuer: null, status: null, name: null, kind: 'holder', expiresAt: null };
  const parts = tokenFromScan(scanned).split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return invalid;
  const header = decode(parts[0]!);
  const claims = decode(parts[1]!);
  if (!header || !claims || header.alg !== 'EdDSA' || typeof header.kid !== 'string' || typeof claims.iss !== 'string' || typeof claims.exp !== 'number') return invalid;
  const kind = typeof claims.pc === 'string' ? 'paper' : 'holder';
  const issuer = trust.issuers.find((i) => i.issuerId === claims.iss);
  if (!issuer) return { ...invalid, result: 'untrusted', kind };
  const jwk = issuer.keys.find((k) => k.kid === header.kid);
  const who = { id: issuer.issuerId, name: issuer.name };
  if (!jwk || !jwk.x) return { ...invalid, issuer: who, kind };
  let valid = false;
  try {
    const key = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, { name: 'Ed25519' }, false, ['verify']);
    valid = await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64Url(parts[2]!), new TextEncoder().encode(`${parts[0]}.${parts[1]}`));
  } catch {
    valid = false;
  }
  if (!valid) return { ...invalid, issuer: who, kind };
  const status = ['green', 'yellow', 'red', 'pending'].includes(String(claims.st)) ? (claims.st as OfflineOutcome['status']) : null;
  const base = { issuer: who, status, name: typeof claims.nm === 'string' ? claims.nm : null, kind, expiresAt: claims.exp * 1000 } as const;
  return claims.exp * 1000 <= nowMs ? { ...base, result: 'expired' } : { ...base, result: 'valid' };
}

/** Whether a cached trust list is older than its issuer wants it to be used for. */
export function trustListIsStale(trust: TrustList, nowMs: number): boolean {
  return nowMs - trust.generatedAt > trust.maxAgeSeconds * 1000;
}

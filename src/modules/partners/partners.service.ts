/**
 * Other platforms this one trusts (互通互认). For each: its public keys (configured, or fetched from its
 * JWKS URL and refetched when a code names a key id not seen yet), its inter-platform status API and the
 * credential this platform presents there, and the credential it presents here. A national hub is just
 * another partner. Partners are few, so they are held in memory and reloaded when one is added, in every
 * process (the invalidation bus).
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import type { InvalidationBus } from '../../cache/invalidation-bus.ts';
import type { PersonalDataCipher } from '../../crypto/personal-data-cipher.ts';
import type { Executor } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { requireRole, type Actor } from '../../shared/access.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import { checkCodeToken, publicKeyFromJwk, type DecodedCodeToken, type JsonWebKey, type TokenCheck } from '../codes/code-token.ts';
import type { HolderStatus } from '../rules/rules.engine.ts';
import type { LatestTest } from '../status/status.service.ts';
import { findPartnerIdByInboundLookup, insertPartner, listPartners, updatePartnerKeys, type PartnerRow } from './partners.repository.ts';

const KEY_REFETCH_INTERVAL_MS = 60_000;
const PARTNER_TIMEOUT_MS = 2_000;

export interface Partner {
  issuerId: string;
  name: string;
  jwksUrl: string | null;
  jwks: JsonWebKey[];
  keys: Map<string, KeyObject>;
  keysFetchedAt: number | null;
  statusUrl: string | null;
  outboundCredential: string | null;
  ratePerMinute: number;
}

export interface PartnerInput {
  issuerId: string;
  name: string;
  jwksUrl?: string;
  keys?: JsonWebKey[];
  statusUrl?: string;
  outboundCredential?: string;
  inboundCredential?: string;
  ratePerMinute: number;
}

export interface LiveStatus {
  status: HolderStatus;
  name: string;
  idNumber: string | null;
  /** The holder's latest test as the partner reports it (null: none); undefined when it does not say. */
  latestTest?: LatestTest | null;
}

/** A partner's `latestTest`, if it is one: null (no test on record) or a sampling time and a result. */
function latestTestFrom(value: unknown): LatestTest | null | undefined {
  if (value === null) return null;
  const test = value as { sampledAt?: unknown; result?: unknown } | undefined;
  if (typeof test?.sampledAt !== 'number' || !Number.isFinite(test.sampledAt) || (test.result !== 'negative' && test.result !== 'positive')) return undefined;
  return { sampledAt: test.sampledAt, result: test.result };
}

export type PartnersService = Awaited<ReturnType<typeof createPartnersService>>;

/** Only Ed25519 signing keys are taken from a JWKS; anything else in it is ignored. */
function usableKeys(jwks: unknown): JsonWebKey[] {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) return [];
  return keys.filter((k): k is JsonWebKey => {
    const key = k as JsonWebKey & { kid?: unknown };
    if (key?.kty !== 'OKP' || key.crv !== 'Ed25519' || typeof key.x !== 'string' || typeof key.kid !== 'string' || 'd' in key) return false;
    try {
      publicKeyFromJwk({ kty: key.kty, crv: key.crv, x: key.x });
      return true;
    } catch {
      return false;
    }
  });
}

async function fetchJson(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal: AbortSignal.timeout(PARTNER_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

export async function createPartnersService(db: Executor, deps: { cipher: PersonalDataCipher; bus: InvalidationBus; now: () => number }) {
  const { cipher, bus, now } = deps;
  let partners = new Map<string, Partner>();
  const inboundLookup = (credential: string) => cipher.keyedHash('partner-credential', credential);

  const toPartner = (row: PartnerRow): Partner => {
    const jwks = JSON.parse(row.keys) as JsonWebKey[];
    return {
      issuerId: row.issuer_id,
      name: row.name,
      jwksUrl: row.jwks_url,
      jwks,
      keys: new Map(jwks.map((k) => [String((k as { kid?: string }).kid), publicKeyFromJwk({ kty: k.kty, crv: k.crv, x: k.x })])),
      keysFetchedAt: row.keys_fetched_at,
      statusUrl: row.status_url,
      outboundCredential: row.outbound_credential_sealed ? cipher.decrypt(row.outbound_credential_sealed) : null,
      ratePerMinute: row.rate_per_minute,
    };
  };

  async function reload(): Promise<void> {
    partners = new Map((await listPartners(db)).map((row) => [row.issuer_id, toPartner(row)]));
  }

  /** Refetches a partner's JWKS at most once a minute; true when new keys were stored. */
  async function refreshKeys(partner: Partner): Promise<boolean> {
    if (!partner.jwksUrl || (partner.keysFetchedAt !== null && now() - partner.keysFetchedAt < KEY_REFETCH_INTERVAL_MS)) return false;
    try {
      const keys = usableKeys(await fetchJson(partner.jwksUrl));
      await updatePartnerKeys(db, partner.issuerId, JSON.stringify(keys), now());
    } catch {
      await updatePartnerKeys(db, partner.issuerId, JSON.stringify(partner.jwks), now());
    }
    await reload();
    return true;
  }

  await reload();

  return {
    reload,

    get(issuerId: string): Partner | undefined {
      return partners.get(issuerId);
    },

    all(): Partner[] {
      return [...partners.values()];
    },

    /** Signature and expiry of a partner's code against its keys. */
    async check(partner: Partner, token: string | DecodedCodeToken, at: number): Promise<TokenCheck> {
      const find = (iss: string, kid: string) => {
        const publicKey = iss === partner.issuerId ? partners.get(iss)?.keys.get(kid) : undefined;
        return publicKey && { publicKey };
      };
      const result = checkCodeToken(token, find, at);
      if (result.ok || result.problem !== 'UNKNOWN_KEY' || !(await refreshKeys(partner))) return result;
      return checkCodeToken(token, find, at);
    },

    /** The holder's live status from the partner's inter-platform API; null if it cannot be had now. */
    async liveStatus(partner: Partner, subject: string): Promise<LiveStatus | null> {
      if (!partner.statusUrl || !partner.outboundCredential) return null;
      try {
        const body = (await fetchJson(`${partner.statusUrl}/status/${encodeURIComponent(subject)}`, {
          authorization: `Bearer ${partner.outboundCredential}`,
        })) as { status?: unknown; name?: unknown; idNumber?: unknown; latestTest?: unknown };
        if (typeof body.status !== 'string' || !['green', 'yellow', 'red', 'pending'].includes(body.status)) return null;
        const latestTest = latestTestFrom(body.latestTest);
        return { status: body.status as HolderStatus, name: String(body.name ?? ''), idNumber: typeof body.idNumber === 'string' ? body.idNumber : null, ...(latestTest !== undefined && { latestTest }) };
      } catch {
        return null;
      }
    },

    /** The partner presenting this credential to the inter-platform API, if any. */
    async authenticate(credential: string): Promise<Partner | undefined> {
      const issuerId = await findPartnerIdByInboundLookup(db, inboundLookup(credential));
      return issuerId ? partners.get(issuerId) : undefined;
    },

    /** Adds a trusted platform; answers with the credential it must present here (shown once). */
    async add(actor: Actor | null, input: PartnerInput): Promise<{ issuerId: string; inboundCredential: string; keys: number }> {
      const admin = requireRole(actor, ['authority_admin']);
      if (partners.has(input.issuerId)) throw new AppError('ALREADY_TRUSTED');
      let keys = usableKeys({ keys: input.keys ?? [] });
      let fetchedAt: number | null = null;
      if (input.jwksUrl) {
        try {
          keys = usableKeys(await fetchJson(input.jwksUrl));
          fetchedAt = now();
        } catch {
          throw invalid({ field: 'jwksUrl', code: 'UNREACHABLE' });
        }
      }
      if (keys.length === 0) throw invalid({ field: input.jwksUrl ? 'jwksUrl' : 'keys', code: 'NO_USABLE_KEYS' });
      const inboundCredential = input.inboundCredential ?? randomBytes(32).toString('base64url');
      await insertPartner(db, {
        issuer_id: input.issuerId,
        name: input.name.trim(),
        jwks_url: input.jwksUrl ?? null,
        keys: JSON.stringify(keys),
        keys_fetched_at: fetchedAt,
        status_url: input.statusUrl?.replace(/\/+$/, '') ?? null,
        outbound_credential_sealed: input.outboundCredential ? cipher.encrypt(input.outboundCredential) : null,
        inbound_credential_lookup: inboundLookup(inboundCredential),
        rate_per_minute: input.ratePerMinute,
        created_at: now(),
      });
      await insertAuditEntry(db, { at: now(), actorAccountId: admin.accountId, action: 'partner.add', subjectPersonId: null, reason: null, details: { issuerId: input.issuerId } });
      await reload();
      // Every other process reloads too, or it would refuse the new partner's codes and calls until its next reload.
      bus.publish('partner', [input.issuerId]);
      return { issuerId: input.issuerId, inboundCredential, keys: keys.length };
    },

    list(actor: Actor | null) {
      requireRole(actor, ['authority_admin', 'authority_operator', 'authority_approver']);
      return [...partners.values()].map((p) => ({
        issuerId: p.issuerId,
        name: p.name,
        jwksUrl: p.jwksUrl,
        keys: p.jwks.length,
        keysFetchedAt: p.keysFetchedAt,
        statusUrl: p.statusUrl,
        ratePerMinute: p.ratePerMinute,
      }));
    },
  };
}

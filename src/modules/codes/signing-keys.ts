/**
 * The platform's Ed25519 signing keys. They live in the store (private halves sealed with the master key)
 * so that every process and machine signs with the same active key. The newest unretired key signs; a
 * retired key's public half stays published until every code it signed has expired.
 */
import { generateKeyPairSync, createPrivateKey, hkdfSync, type KeyObject } from 'node:crypto';
import type { PersonalDataCipher } from '../../crypto/personal-data-cipher.ts';
import type { Executor } from '../../db/database.ts';
import { newId } from '../../shared/ids.ts';
import { publicKeyFromJwk, type CodeKey, type JsonWebKey } from './code-token.ts';
import { insertSigningKey, listSigningKeys, retireSigningKeys, type SigningKeyRow } from './signing-keys.repository.ts';

/** How often a running process re-reads the keys, so a rotation by the CLI reaches every process. */
export const RELOAD_INTERVAL_MS = 30_000;
/** At most one reload a second for codes naming a key id this process does not hold, however many such codes come. */
const UNKNOWN_KEY_RELOAD_MS = 1_000;

interface LoadedKey {
  kid: string;
  publicJwk: JsonWebKey;
  publicKey: KeyObject;
  privateKey: KeyObject;
  /** For the MAC in this platform's own codes; derived from the private key, so every process has it. */
  macKey: Buffer;
  retiredAt: number | null;
}

export type SigningKeys = Awaited<ReturnType<typeof createSigningKeys>>;

export async function createSigningKeys(db: Executor, deps: { cipher: PersonalDataCipher; now: () => number; codeTtlSeconds: number }) {
  const { cipher, now, codeTtlSeconds } = deps;
  let keys: LoadedKey[] = [];
  let unknownKeyReloadAt = 0;

  const load = (row: SigningKeyRow): LoadedKey => {
    const publicJwk = JSON.parse(row.public_jwk) as JsonWebKey;
    const privateJwk = JSON.parse(cipher.decrypt(row.private_key_sealed)) as JsonWebKey;
    return {
      kid: row.kid,
      publicJwk,
      publicKey: publicKeyFromJwk(publicJwk),
      privateKey: createPrivateKey({ key: privateJwk, format: 'jwk' }),
      macKey: Buffer.from(hkdfSync('sha256', Buffer.from(privateJwk.d!, 'base64url'), Buffer.alloc(0), 'healthcode/code-mac/hmac-sha256/v1', 32)),
      retiredAt: row.retired_at,
    };
  };

  async function reload(): Promise<void> {
    keys = (await listSigningKeys(db)).map(load);
  }

  /** Adds a new signing key and retires the others; used on first start and by `healthcode keys rotate`. */
  async function rotate(): Promise<string> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const at = now();
    const kid = `k${newId(at).slice(0, 16)}`;
    const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' };
    await insertSigningKey(db, {
      kid,
      public_jwk: JSON.stringify(publicJwk),
      private_key_sealed: cipher.encrypt(JSON.stringify(privateKey.export({ format: 'jwk' }))),
      created_at: at,
      retired_at: null,
    });
    await retireSigningKeys(db, kid, at);
    await reload();
    return kid;
  }

  await reload();
  if (!keys.some((k) => k.retiredAt === null)) await rotate();

  return {
    rotate,
    reload,
    /**
     * For a code of this platform naming a key id this process does not hold: `healthcode keys rotate` may
     * have added it, and another process, reloaded first, signed with it. Reloads at most once a second, so
     * that made-up key ids cannot keep the store busy. Returns whether it reloaded.
     */
    async reloadForUnknownKey(): Promise<boolean> {
      if (now() - unknownKeyReloadAt < UNKNOWN_KEY_RELOAD_MS) return false;
      unknownKeyReloadAt = now();
      await reload();
      return true;
    },
    active(): LoadedKey {
      const active = keys.filter((k) => k.retiredAt === null).at(-1);
      if (!active) throw new Error('no active signing key');
      return active;
    },
    /** Public keys that can still have valid codes: the active ones and those retired less than a code's lifetime ago. */
    published(): LoadedKey[] {
      // A process may sign with a just-retired key until its next reload, so keep it published that much longer.
      const horizon = now() - codeTtlSeconds * 1000 - RELOAD_INTERVAL_MS;
      return keys.filter((k) => k.retiredAt === null || k.retiredAt > horizon);
    },
    find(kid: string): CodeKey | undefined {
      return this.published().find((k) => k.kid === kid);
    },
  };
}

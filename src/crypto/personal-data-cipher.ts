/**
 * Personal data at rest: AES-256-GCM for values that must be read back (names, ID numbers, phones,
 * addresses) and a keyed hash (HMAC-SHA256) for values that are looked up (ID numbers, phones), so
 * that the database never holds them in plaintext. Both keys are derived from one master key.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { publicRandomBytes } from './random-pool.ts';

const FORMAT = 'v1';

export class PersonalDataCipher {
  readonly #encryptionKey: Buffer;
  readonly #lookupKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
    this.#encryptionKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'healthcode/personal-data/aes-256-gcm/v1', 32));
    this.#lookupKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'healthcode/lookup-hash/hmac-sha256/v1', 32));
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url parts; a fresh IV every time so equal values do not look equal. */
  encrypt(plaintext: string): string {
    const iv = publicRandomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  decrypt(sealed: string): string {
    const [format, iv, tag, body] = sealed.split('.');
    if (format !== FORMAT || !iv || !tag || body === undefined) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.#encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash (HMAC-SHA256) for lookups and MACs; `purpose` keeps different uses apart. */
  keyedHash(purpose: string, value: string): string {
    return createHmac('sha256', this.#lookupKey).update(purpose).update('\0').update(value).digest('base64url');
  }
}

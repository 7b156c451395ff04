import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { checkCodeToken, decodeCodeToken, signCodeToken, tokenFromScan, type CodeClaims } from './code-token.ts';

describe('code tokens', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const claims: CodeClaims = { iss: 'hc-test', sub: 'person-1', st: 'green', nm: '张*', iat: 1000, exp: 1180 };
  const token = signCodeToken(claims, 'k1', privateKey);
  const findKey = (iss: string, kid: string) => (iss === 'hc-test' && kid === 'k1' ? { publicKey } : undefined);

  it('takes the token out of a scanned code: the URL a QR holds, or the token itself, with stray whitespace', () => {
    assert.equal(tokenFromScan(`https://hc.example.gov.cn/v/${token}`), token);
    assert.equal(tokenFromScan(`  ${token}\n`), token);
    assert.equal(tokenFromScan(` https://hc.example.gov.cn/v/${token} `), token);
  });

  it('is checked the same whether decoded first or not', () => {
    const decoded = decodeCodeToken(token);
    assert.deepEqual(decoded.claims, claims);
    assert.deepEqual(checkCodeToken(decoded, findKey, 1_100_000), checkCodeToken(token, findKey, 1_100_000));
    assert.deepEqual(checkCodeToken(decoded, findKey, 1_100_000), { ok: true, kid: 'k1', claims });
  });

  it('shows the claims of a token whose other parts are broken, and refuses it as malformed', () => {
    const [, payload] = token.split('.');
    const broken = decodeCodeToken(`not base64!.${payload}.x`);
    assert.deepEqual([broken.header, broken.claims], [null, claims]);
    assert.deepEqual(checkCodeToken(broken, findKey, 1_100_000), { ok: false, problem: 'MALFORMED' });
    assert.deepEqual(decodeCodeToken('garbage').claims, null);
  });
});

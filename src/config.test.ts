import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';
import { DECLARATION_LOOKBACK_DAYS } from './modules/status/status.service.ts';
import { LONGEST_RULE_DAYS } from './modules/rules/rule-set.ts';
import { OFFLINE_MAX_AGE_MS } from './modules/verification/verification.service.ts';

describe('config', () => {
  it('has working defaults', () => {
    const config = loadConfig({}, {});
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.maxDependents, 3);
    assert.equal(config.publicUrl, 'http://localhost:3000');
  });

  it('writes into QR codes the port it serves on, unless told the public address', () => {
    assert.equal(loadConfig({}, { PORT: '8080' }).publicUrl, 'http://localhost:8080');
    assert.equal(loadConfig({}, { PORT: '8080', HEALTHCODE_PUBLIC_URL: 'https://hc.example.gov.cn/' }).publicUrl, 'https://hc.example.gov.cn');
  });

  it('fails fast naming every bad variable', () => {
    assert.throws(
      () => loadConfig({}, { PORT: 'eighty', DATABASE_URL: 'mysql://x', HEALTHCODE_MASTER_KEY: 'short' }),
      (error: Error) =>
        error instanceof ConfigError &&
        error.message.includes('PORT="eighty"') &&
        error.message.includes('DATABASE_URL') &&
        error.message.includes('HEALTHCODE_MASTER_KEY'),
    );
  });

  it('keeps records at least as long as they are read: declarations as far back as the rules engine looks, tests and pop-ups as long as a rule lasts, checks as long as offline uploads are taken', () => {
    const floor = (env: string) => {
      for (let days = 1; ; days++) {
        try {
          loadConfig({}, { [env]: String(days) });
          return days;
        } catch {
          /* below the minimum */
        }
      }
    };
    assert.equal(floor('HEALTHCODE_DECLARATION_RETENTION_DAYS'), DECLARATION_LOOKBACK_DAYS);
    assert.equal(floor('HEALTHCODE_VERIFICATION_RETENTION_DAYS'), OFFLINE_MAX_AGE_MS / 86_400_000);
    assert.equal(floor('HEALTHCODE_LAB_RESULT_RETENTION_DAYS'), LONGEST_RULE_DAYS);
    assert.equal(floor('HEALTHCODE_POPUP_RETENTION_DAYS'), LONGEST_RULE_DAYS);
  });
});

describe('README', () => {
  it('documents every setting', async () => {
    const { readFileSync } = await import('node:fs');
    const { settings } = await import('./config.ts');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const setting of Object.values(settings)) assert.ok(readme.includes(`\`${setting.env}\``), `${setting.env} missing from README`);
  });
});

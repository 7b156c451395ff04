import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('config', () => {
  it('has working defaults', () => {
    const config = loadConfig({}, {});
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.maxDependents, 3);
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
});

describe('README', () => {
  it('documents every setting', async () => {
    const { readFileSync } = await import('node:fs');
    const { settings } = await import('./config.ts');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const setting of Object.values(settings)) assert.ok(readme.includes(`\`${setting.env}\``), `${setting.env} missing from README`);
  });
});

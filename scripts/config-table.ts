/** Rewrites the configuration table in README.md from the settings declared in src/config.ts. */
import { readFileSync, writeFileSync } from 'node:fs';
import { settings } from '../src/config.ts';

const START = '<!-- config-table:start -->';
const END = '<!-- config-table:end -->';
const rows = Object.values(settings).map((s) => `| \`${s.env}\` | ${s.default === '' ? '(empty)' : `\`${s.default}\``} | ${s.describe} |`);
const table = ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start < 0 || end < start) throw new Error(`README.md needs ${START} and ${END}`);
writeFileSync('README.md', `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`);

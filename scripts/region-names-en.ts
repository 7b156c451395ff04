/** Writes src/modules/regions/regions.en.json: every GB/T 2260 region's English name (regions.english.ts). */
import { writeFileSync } from 'node:fs';
import { englishRegionNames } from '../src/modules/regions/regions.english.ts';

writeFileSync(new URL('../src/modules/regions/regions.en.json', import.meta.url), englishRegionNames());

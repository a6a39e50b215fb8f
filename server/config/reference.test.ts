import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configReference } from './reference.ts';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe('README configuration reference', () => {
  it('is the one generated from the schema (run `npm run docs:config` after changing the schema)', () => {
    const section = /<!-- config-reference:start -->\n([\s\S]*?)\n<!-- config-reference:end -->/.exec(README);
    expect(section, 'README has the config-reference markers').not.toBeNull();
    expect(section![1]).toBe(configReference());
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { haproxyConfig } from '../../scripts/cluster/haproxy.js';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

describe('README: Scale out', () => {
  it('shows the HAProxy configuration the generator writes (the one npm run cluster runs)', () => {
    const block = /<!-- haproxy\.cfg: scripts\/cluster\/haproxy\.ts -->\n```\n([\s\S]*?)```/.exec(
      readme,
    )?.[1];
    const nodes = [1, 2, 3].map((i) => ({ name: `node${i}`, address: `10.0.0.1${i}:17170` }));
    expect(block).toBe(haproxyConfig({ bind: ':80', nodes }));
  });

  it('names the package script it describes', () => {
    const scripts = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'),
    ).scripts as Record<string, string>;
    expect(scripts.cluster).toContain('scripts/cluster/main.ts');
    expect(readme).toContain('`npm run cluster` starts the recipe below on loopback');
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSizeChecks, measureCheck, parseLimit } from './size/measure.js';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The names a file imports from `@simstream/react` (one `import { … } from` each). */
function kitImports(source: string): string[] {
  const imports = /import\s*\{([^}]*)\}\s*from\s*'@simstream\/react'/g;
  return [...source.matchAll(imports)].flatMap(([, names]) =>
    (names ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  );
}

// Size budgets, not timing assertions: the bundles apps ship must not grow past the limits in
// .size-limit.mjs (gzip, peers excluded, every other dependency counted).
describe('bundle size budgets (.size-limit.mjs)', () => {
  it.each([
    'README quick start: what examples/vite imports from the kit',
    '@simstream/react + @simstream/client',
  ])(
    'keeps %s within its limit',
    async (name) => {
      const check = (await loadSizeChecks()).find((c) => c.name === name);
      expect(check).toBeDefined();
      if (!check) return;
      const bytes = await measureCheck(check);
      // A real bundle: the kit is far from empty, so a broken entry cannot pass as "small".
      expect(bytes).toBeGreaterThan(5_000);
      expect(bytes).toBeLessThanOrEqual(parseLimit(check.limit));
    },
    60_000,
  );

  it('leaves the peers out of every bundle', async () => {
    for (const check of await loadSizeChecks()) {
      for (const peer of ['react', 'react-dom', '@tanstack/react-query', 'socket.io-client']) {
        expect(check.ignore).toContain(peer);
      }
    }
  });

  it('counts exactly what the quick start app (examples/vite, shown in the README) imports', () => {
    const dir = `${root}examples/vite/src/`;
    const used = readdirSync(dir)
      .filter((file) => /\.tsx?$/.test(file))
      .flatMap((file) => kitImports(readFileSync(dir + file, 'utf8')));
    const measured = kitImports(
      readFileSync(`${root}bench/size/quickstart.ts`, 'utf8').replace(/^export/m, 'import'),
    );
    expect(used.length).toBeGreaterThan(0);
    expect([...new Set(measured)].sort()).toEqual([...new Set(used)].sort());
  });
});

// The kit's Tailwind classes, found the way Tailwind finds them: @tailwindcss/node compiles
// src/styles/simstream.css (resolving @import and @source), @tailwindcss/oxide scans the
// sources it names (used by buildCss.mjs for the prebuilt CSS).
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '@tailwindcss/node';
import { Scanner } from '@tailwindcss/oxide';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cssEntry = resolve(packageDir, 'src/styles/simstream.css');

/**
 * Compile the stylesheet entry and scan the component sources it names.
 *
 * @example
 * const { compiler, candidates } = await scanKit();
 * const css = compiler.build(candidates);
 */
export async function scanKit() {
  const css = await readFile(cssEntry, 'utf8');
  const compiler = await compile(css, {
    base: dirname(cssEntry),
    from: cssEntry,
    onDependency: () => {},
  });
  // No automatic detection: only what the entry's @source lines name (the components).
  const sources =
    compiler.root === 'none' || compiler.root === null
      ? []
      : [{ ...compiler.root, negated: false }];
  const scanner = new Scanner({ sources: [...sources, ...compiler.sources] });
  const candidates = scanner.scan();
  return { compiler, candidates, files: scanner.files, css };
}

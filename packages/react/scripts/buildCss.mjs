#!/usr/bin/env node
// Builds dist/styles.css (the prebuilt stylesheet for apps without Tailwind) from
// src/styles/simstream.css with Tailwind's own engine — @tailwindcss/node compiles the
// entry (resolving @import, @config and @source), @tailwindcss/oxide scans the sources for
// class candidates: the same two steps the Tailwind CLI runs.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { optimize } from '@tailwindcss/node';
import { packageDir, scanKit } from './kitClasses.mjs';

/**
 * Limits every utility to the kit's elements: `.border` becomes
 * `.border:where([data-simstream], [data-simstream] *)`, so in an app without Tailwind the
 * prebuilt `.border`, `.flex`, `.hidden`… style the kit's roots (each carries
 * `data-simstream`) and their descendants, never an element of the host page that uses the
 * same class name for its own CSS (Bootstrap's `.border`, a legacy `.hidden`). `:where()`
 * adds no specificity, so the cascade inside the kit is unchanged. (`@scope` would leave out
 * the roots themselves.) In Tailwind's unminified output every utility is one class selector,
 * at the top of the utilities layer or inside an `@media`, its variants nested below it.
 */
function scopeUtilitiesToKit(css) {
  const open = '@layer utilities {\n';
  const start = css.indexOf(open);
  const end = css.indexOf('\n}\n', start);
  if (start === -1 || end === -1) throw new Error('buildCss: no utilities layer in the output');
  const body = css
    .slice(start + open.length, end)
    .replace(/^( +)(\S[^\n]*) \{$/gm, (line, indent, selector) => {
      // One class, escapes included (`.md\:grid-cols-\[minmax\(0\,1fr\)_16rem\]` holds `\,`).
      if (/^\.(?:\\.|[^\s,\\])+$/.test(selector) && !selector.includes('::')) {
        return `${indent}${selector}:where([data-simstream], [data-simstream] *) {`;
      }
      // Child-combinator utilities (`space-y-1`) come as `:where(.space-y-1 > :not(:last-child))`:
      // the class inside is scoped the same way.
      const child = /^:where\((\.[^\s,():]+)( > [^,]+)\)$/.exec(selector);
      if (child) {
        return `${indent}:where(${child[1]}:where([data-simstream], [data-simstream] *)${child[2]}) {`;
      }
      // Nested parts (`&:hover`, `:where(& > …)`) and at-rules (`@media`) keep their selector.
      if (!selector.startsWith('.') && (indent.length > 2 || selector.startsWith('@'))) return line;
      throw new Error(`buildCss: cannot scope the utility selector "${selector}"`);
    });
  return `${css.slice(0, start)}${open}${body}${css.slice(end)}`;
}

const output = resolve(packageDir, 'dist/styles.css');
const { compiler, candidates, files } = await scanKit();
const { code } = optimize(scopeUtilitiesToKit(compiler.build(candidates)), {
  file: output,
  minify: true,
});

await mkdir(dirname(output), { recursive: true });
await writeFile(output, code);
console.log(
  `styles.css: ${candidates.length} candidates from ${files.length} files, ${code.length} bytes`,
);

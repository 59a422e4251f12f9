// The kit's Tailwind classes, found the way Tailwind finds them: @tailwindcss/node compiles
// src/styles/simstream.css (resolving @import and @source), @tailwindcss/oxide scans the
// sources it names. One home for the prebuilt CSS (buildCss.mjs) and the class-merge config
// (mergeConfig.mjs, checked by src/lib/cn.test.tsx).
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { __unstable__loadDesignSystem, compile } from '@tailwindcss/node';
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

/**
 * The candidates that are real utilities (Tailwind writes CSS for them), with Tailwind's design
 * system for the same stylesheet (`getClassList()` lists every utility it knows).
 *
 * @example
 * const { classes, designSystem } = await kitUtilities();
 */
export async function kitUtilities() {
  const { candidates, css } = await scanKit();
  const designSystem = await __unstable__loadDesignSystem(css, { base: dirname(cssEntry) });
  const classes = candidates.filter((c) => designSystem.candidatesToCss([c])[0]).sort();
  return { classes, designSystem };
}

/** Arbitrary values a host writes (`h-[28rem]` is the README's own example). */
export const ARBITRARY = [
  'h-[28rem]',
  'w-[10rem]',
  'size-[1em]',
  'p-[3px]',
  'px-[2px]',
  'mt-[1px]',
  'gap-[2px]',
  'top-[1px]',
  'translate-x-[2px]',
  'z-[5]',
  'bg-[#123456]',
  'text-[13px]',
  'text-[#123456]',
  'font-[500]',
  'font-[Inter]',
  'border-[3px]',
  'border-[#123456]',
  'rounded-[5px]',
  'shadow-[0_0_1px_red]',
  'bg-(--brand)',
  'text-(length:--size)',
];

/**
 * Host classes to try against every kit class: every utility Tailwind knows (at most two
 * values per utility, one color, and arbitrary ones), the hand-picked ones above, and each with the variants the
 * kit itself uses (`hover:`, `data-[state=on]:`…): what the class-merge config is built and
 * checked against.
 *
 * @example
 * const hosts = hostClasses(designSystem, classes);
 */
export function hostClasses(designSystem, kit) {
  const all = designSystem.getClassList().map(([name]) => name);
  const shade = /-([a-z]+)-(50|[1-9]00|950)$/;
  const perStem = new Map();
  const plain = [];
  for (const c of all) {
    const m = shade.exec(c);
    if (m && m[1] !== 'red') continue;
    const stem = c.replace(/-[^-]*$/, '');
    const n = perStem.get(stem) ?? 0;
    if (n >= 2) continue;
    perStem.set(stem, n + 1);
    plain.push(c);
  }
  // Every utility with an arbitrary length, color and variable too (`p-[3px]`, `border-(--c)`).
  const arbitrary = [...perStem.keys()].flatMap((stem) =>
    ['[3px]', '[#123456]', '(--x)'].map((value) => `${stem}-${value}`),
  );
  const bases = [...ARBITRARY, ...kit.map((k) => k.slice(k.lastIndexOf(':') + 1))];
  const variants = [...new Set(kit.filter((k) => k.includes(':')).map(variantsOf))];
  return [
    ...plain,
    ...arbitrary,
    ...bases,
    ...variants.flatMap((v) => bases.map((b) => `${v}${b}`)),
  ];
}

/**
 * A class's variants: `hover:data-[state=on]:bg-x` → `hover:data-[state=on]:`.
 *
 * @example
 * variantsOf('hover:p-2'); // 'hover:'
 */
export function variantsOf(cls) {
  return cls.slice(0, cls.lastIndexOf(':') + 1);
}

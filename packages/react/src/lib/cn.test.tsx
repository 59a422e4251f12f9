// @vitest-environment node
import { twMerge } from 'tailwind-merge';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JS, without declarations.
import { kitUtilities } from '../../scripts/kitClasses.mjs';
import { cn } from './cn.js';

/** Arbitrary values a host writes (`h-[28rem]` is the README's own example). */
const ARBITRARY = [
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
 * values per utility, one color), the arbitrary ones above, and each with the variants the
 * kit itself uses (`hover:`, `data-[state=on]:`…).
 */
function hostClasses(all: string[], kit: string[]): string[] {
  const shade = /-([a-z]+)-(50|[1-9]00|950)$/;
  const perStem = new Map<string, number>();
  const plain: string[] = [];
  for (const c of all) {
    const m = shade.exec(c);
    if (m && m[1] !== 'red') continue;
    const stem = c.replace(/-[^-]*$/, '');
    const n = perStem.get(stem) ?? 0;
    if (n >= 2) continue;
    perStem.set(stem, n + 1);
    plain.push(c);
  }
  const bases = [...ARBITRARY, ...kit.map((k) => k.slice(k.lastIndexOf(':') + 1))];
  const variants = [
    ...new Set(kit.filter((k) => k.includes(':')).map((k) => k.slice(0, k.lastIndexOf(':') + 1))),
  ];
  return [...plain, ...bases, ...variants.flatMap((v) => bases.map((b) => `${v}${b}`))];
}

// The class contract: a host's `className` (always passed last) drops exactly the kit classes
// tailwind-merge's full config would drop. The kit carries the config of only the class groups
// that can collide (scripts/mergeConfig.mjs); here the full library is the oracle.
describe('cn: a host className wins as with the full tailwind-merge', () => {
  let kit: string[] = [];
  let hosts: string[] = [];
  beforeAll(async () => {
    const { classes, designSystem } = await kitUtilities();
    kit = classes;
    hosts = hostClasses(
      designSystem.getClassList().map(([name]: [string]) => name),
      kit,
    );
  }, 60_000);

  it('finds the kit classes and a wide set of host classes', () => {
    expect(kit).toEqual(expect.arrayContaining(['px-3', 'bg-ss-live', 'text-xs']));
    expect(hosts.length).toBeGreaterThan(2_000);
  });

  it('merges every kit class with every host class as tailwind-merge does', () => {
    const wrong: string[] = [];
    // Classes collide only under the same variants (`hover:p-2` never drops `p-4`), so each
    // host class meets the kit classes with its own variants.
    const variantsOf = (c: string) => c.slice(0, c.lastIndexOf(':') + 1);
    const kitByVariants = new Map<string, string[]>();
    for (const k of kit)
      kitByVariants.set(variantsOf(k), [...(kitByVariants.get(variantsOf(k)) ?? []), k]);
    for (const h of hosts) {
      for (const k of kitByVariants.get(variantsOf(h)) ?? []) {
        const ours = cn(k, h);
        const theirs = twMerge(k, h);
        if (ours !== theirs && wrong.length < 20) wrong.push(`"${k} ${h}": ${ours} ≠ ${theirs}`);
      }
    }
    // On a failure after changing the components' classes: node packages/react/scripts/mergeConfig.mjs
    expect(wrong).toEqual([]);
  }, 120_000);

  it("merges the kit's own classes among themselves as tailwind-merge does", () => {
    const wrong = kit.flatMap((a) =>
      kit.filter((b) => cn(a, b) !== twMerge(a, b)).map((b) => `${a} ${b}`),
    );
    expect(wrong).toEqual([]);
  });

  it('lets the later class win: a host p-4 drops the kit px-3, keeps text-xs', () => {
    expect(cn('px-3 text-xs', 'p-4')).toBe('text-xs p-4');
    expect(cn('h-96 font-medium', 'h-[28rem]')).toBe('font-medium h-[28rem]');
    expect(cn('border-ss-border', 'border-dashed')).toBe('border-ss-border border-dashed');
  });
});

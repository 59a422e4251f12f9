// @vitest-environment node
import { twMerge } from 'tailwind-merge';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JS, without declarations.
import { hostClasses, kitUtilities, variantsOf } from '../../scripts/kitClasses.mjs';
import { cn } from './cn.js';

// The class contract: a host's `className` (always passed last) drops exactly the kit classes
// tailwind-merge's full config would drop. The kit carries the config of only the class groups
// that can collide (scripts/mergeConfig.mjs); here the full library is the oracle.
describe('cn: a host className wins as with the full tailwind-merge', () => {
  let kit: string[] = [];
  let hosts: string[] = [];
  beforeAll(async () => {
    const { classes, designSystem } = await kitUtilities();
    kit = classes;
    hosts = hostClasses(designSystem, kit);
  }, 60_000);

  it('finds the kit classes and a wide set of host classes', () => {
    expect(kit).toEqual(expect.arrayContaining(['px-3', 'bg-ss-live', 'text-xs']));
    expect(hosts.length).toBeGreaterThan(2_000);
  });

  it('merges every kit class with every host class as tailwind-merge does', () => {
    const wrong: string[] = [];
    // Classes collide only under the same variants (`hover:p-2` never drops `p-4`), so each
    // host class meets the kit classes with its own variants.
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

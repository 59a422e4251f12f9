#!/usr/bin/env node
// Writes src/lib/mergeConfig.generated.ts: tailwind-merge's own default config, cut down to the
// class groups a host's `className` can collide with in the kit. tailwind-merge's full config
// (every Tailwind utility, ~6.8 KB min+gzip) was the kit's largest piece after its schemas;
// the merge engine stays the library's. Run after changing the classes the components use:
// `node packages/react/scripts/mergeConfig.mjs` (src/lib/cn.test.tsx fails until you do).
//
// Which groups: every group a kit class belongs to, then, checked against the full library,
// the groups of every host class (each Tailwind utility, arbitrary values, the kit's variants:
// kitClasses.mjs's hostClasses) that the config so far merges with a kit class otherwise than
// the full config does — a host's `p-4` must drop the kit's `px-2`, and `border-dashed` must not
// be read as a border color that drops the kit's `border-ss-border` — until none is left.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createTailwindMerge, getDefaultConfig, validators } from 'tailwind-merge';
import { hostClasses, kitUtilities, packageDir, variantsOf } from './kitClasses.mjs';

const output = resolve(packageDir, 'src/lib/mergeConfig.generated.ts');
const full = getDefaultConfig();
const groupIds = Object.keys(full.classGroups);

/** The class with its variants and `!`/`-` stripped: `hover:-translate-x-1/2` → `translate-x-1/2`. */
const base = (c) =>
  c
    .slice(c.lastIndexOf(':') + 1)
    .replace(/^!|!$/g, '')
    .replace(/^-/, '');

/** Groups whose definitions claim `cls` (probed one group at a time; may name more than one). */
function groupsOf(cls, probes) {
  const b = base(cls);
  return groupIds.filter((g) => probes[g](`${b} ${b}`) === b);
}

/** The merge of the full config: the oracle every kit × host pair is checked against. */
const fullMerge = createTailwindMerge(() => full);

/** Pairs a config merges otherwise than the full one: `[kit class, host class]`. */
export function mismatches(merge, kit, hosts, limit = Number.POSITIVE_INFINITY) {
  const kitByVariants = new Map();
  for (const k of kit)
    kitByVariants.set(variantsOf(k), [...(kitByVariants.get(variantsOf(k)) ?? []), k]);
  const wrong = [];
  // Classes collide only under the same variants (`hover:p-2` never drops `p-4`).
  for (const h of hosts) {
    for (const k of kitByVariants.get(variantsOf(h)) ?? []) {
      if (merge(`${k} ${h}`) !== fullMerge(`${k} ${h}`)) wrong.push([k, h]);
      if (wrong.length >= limit) return wrong;
    }
  }
  return wrong;
}

/** The group ids the kit's merge config needs (see the header), with the kit's classes. */
export async function neededGroups() {
  const { classes, designSystem } = await kitUtilities();
  const probes = Object.fromEntries(
    groupIds.map((g) => [
      g,
      createTailwindMerge(() => ({
        ...full,
        classGroups: { [g]: full.classGroups[g] },
        conflictingClassGroups: {},
        conflictingClassGroupModifiers: {},
      })),
    ]),
  );
  const needed = new Set(classes.flatMap((c) => groupsOf(c, probes)));
  const hosts = hostClasses(designSystem, classes);
  // Add the groups of the host classes this config still merges otherwise, until none is left.
  for (;;) {
    const merge = createTailwindMerge(() => configObject([...needed]));
    const wrong = mismatches(merge, classes, hosts, 200);
    if (wrong.length === 0) break;
    const before = needed.size;
    for (const [k, h] of wrong)
      for (const g of [...groupsOf(h, probes), ...groupsOf(k, probes)]) needed.add(g);
    for (const [g, targets] of Object.entries(full.conflictingClassGroups)) {
      if (
        targets.some((t) => needed.has(t)) &&
        wrong.some(([, h]) => groupsOf(h, probes).includes(g))
      )
        needed.add(g);
    }
    if (needed.size === before)
      throw new Error(`mergeConfig: cannot match ${wrong[0].join(' + ')}`);
  }
  return { groups: groupIds.filter((g) => needed.has(g)), classes };
}

const validatorName = new Map(Object.entries(validators).map(([name, fn]) => [fn, name]));

/** A class-group definition as TypeScript source. */
function source(value) {
  if (typeof value === 'string' || typeof value === 'number') return JSON.stringify(value);
  if (typeof value === 'function') {
    if (value.isThemeGetter) return `fromTheme(${JSON.stringify(value.themeKey)})`;
    const name = validatorName.get(value);
    if (!name) throw new Error(`mergeConfig: a validator tailwind-merge does not export`);
    return `v.${name}`;
  }
  if (Array.isArray(value)) return `[${value.map(source).join(', ')}]`;
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}: ${source(v)}`)
    .join(', ')} }`;
}

/** tailwind-merge's config of only these groups (and the tables' entries among them). */
export function configObject(groups) {
  const keep = new Set(groups);
  const pick = (table) =>
    Object.fromEntries(
      Object.entries(table)
        .filter(([g]) => keep.has(g))
        .map(([g, targets]) => [g, targets.filter((t) => keep.has(t))])
        .filter(([, targets]) => targets.length > 0),
    );
  const classGroups = Object.fromEntries(
    groupIds.filter((g) => keep.has(g)).map((g) => [g, full.classGroups[g]]),
  );
  const usedTheme = new Set();
  JSON.stringify(classGroups, (_k, value) => {
    if (typeof value === 'function' && value.isThemeGetter) usedTheme.add(value.themeKey);
    return value;
  });
  const theme = Object.fromEntries(Object.entries(full.theme).filter(([k]) => usedTheme.has(k)));
  return {
    cacheSize: full.cacheSize,
    theme,
    classGroups,
    conflictingClassGroups: pick(full.conflictingClassGroups),
    conflictingClassGroupModifiers: pick(full.conflictingClassGroupModifiers),
    postfixLookupClassGroups: full.postfixLookupClassGroups.filter((g) => keep.has(g)),
    orderSensitiveModifiers: full.orderSensitiveModifiers,
  };
}

/** The generated module's text for these groups. */
export function configSource(groups) {
  const config = configObject(groups);
  // One line per group (biome leaves *.generated.ts alone), so a diff shows which groups moved.
  const table = (t) =>
    `{\n${Object.entries(t)
      .map(([k, v]) => `    ${JSON.stringify(k)}: ${source(v)},`)
      .join('\n')}\n  }`;
  const fields = Object.entries(config)
    .map(
      ([k, v]) =>
        `  ${k}: ${v && typeof v === 'object' && !Array.isArray(v) ? table(v) : source(v)},`,
    )
    .join('\n');
  return `// Generated by packages/react/scripts/mergeConfig.mjs from tailwind-merge's default config:
// the ${groups.length} class groups a host's className can collide with in the kit. Do not edit.
import { type Config, fromTheme, validators as v } from 'tailwind-merge';

export const kitMergeConfig: Config<string, string> = {
${fields}
};
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { groups, classes } = await neededGroups();
  await writeFile(output, configSource(groups));
  console.log(`mergeConfig: ${classes.length} kit classes, ${groups.length} class groups`);
}

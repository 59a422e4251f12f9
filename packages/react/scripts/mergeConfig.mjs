#!/usr/bin/env node
// Writes src/lib/mergeConfig.generated.ts: tailwind-merge's own default config, cut down to the
// class groups a host's `className` can collide with in the kit. tailwind-merge's full config
// (every Tailwind utility, ~6.8 KB min+gzip) was the kit's largest piece after its schemas;
// the merge engine stays the library's. Run after changing the classes the components use:
// `node packages/react/scripts/mergeConfig.mjs` (src/lib/cn.test.tsx fails until you do).
//
// Which groups: every group a kit class belongs to, every group whose classes override one of
// those (tailwind-merge's `conflictingClassGroups`: a host's `p-4` drops the kit's `px-2`), and
// every group with a class under a prefix those read with a validator (`border-` reads any
// color, so `border-dashed`'s group must be there to claim it), so a host class is read into
// the same group the full config reads it into.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createTailwindMerge, getDefaultConfig, validators } from 'tailwind-merge';
import { kitUtilities, packageDir } from './kitClasses.mjs';

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

/**
 * Where a group's definitions sit in tailwind-merge's class-part tree (its `processClassGroups`
 * walk): each entry is a path of class parts (`border-x` → ['border', 'x']) holding either a
 * whole class (`leaf`) or a validator that reads the rest of the class (`validator`).
 */
function entriesOf(definitions, path = []) {
  const out = [];
  for (const d of definitions) {
    if (typeof d === 'string')
      out.push({ path: d === '' ? path : [...path, ...d.split('-')], kind: 'leaf' });
    else if (typeof d === 'function' && d.isThemeGetter)
      out.push(...entriesOf(d(full.theme), path));
    else if (typeof d === 'function') out.push({ path, kind: 'validator' });
    else
      for (const [key, value] of Object.entries(d))
        out.push(...entriesOf(value, [...path, ...key.split('-')]));
  }
  return out;
}

/** The group ids the kit's merge config needs (see the header). */
export async function neededGroups() {
  const { classes } = await kitUtilities();
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
  const kit = new Set(classes.flatMap((c) => groupsOf(c, probes)));
  const needed = new Set(kit);
  const conflicts = { ...full.conflictingClassGroups };
  for (const [g, targets] of Object.entries(full.conflictingClassGroupModifiers)) {
    conflicts[g] = [...(conflicts[g] ?? []), ...targets];
  }
  for (const [g, targets] of Object.entries(conflicts)) {
    if (targets.some((t) => kit.has(t))) needed.add(g);
  }
  // A validator at a node reads any class below it that no deeper node claims, so every group
  // with a node at or below it must come along for classes to be read as the full config does.
  const entries = new Map(groupIds.map((g) => [g, entriesOf(full.classGroups[g])]));
  const key = (path) => `${path.join('-')}-`;
  for (let grew = true; grew; ) {
    grew = false;
    const readers = [...needed].flatMap((g) =>
      entries
        .get(g)
        .filter((e) => e.kind === 'validator')
        .map((e) => key(e.path)),
    );
    for (const g of groupIds) {
      if (needed.has(g)) continue;
      if (entries.get(g).some((e) => readers.some((r) => key(e.path).startsWith(r)))) {
        needed.add(g);
        grew = true;
      }
    }
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

/** The generated module's text for these groups. */
export function configSource(groups) {
  const keep = new Set(groups);
  const pick = (table) =>
    Object.fromEntries(
      Object.entries(table)
        .filter(([g]) => keep.has(g))
        .map(([g, targets]) => [g, targets.filter((t) => keep.has(t))])
        .filter(([, targets]) => targets.length > 0),
    );
  const classGroups = Object.fromEntries(groups.map((g) => [g, full.classGroups[g]]));
  const usedTheme = new Set();
  JSON.stringify(classGroups, (_k, value) => {
    if (typeof value === 'function' && value.isThemeGetter) usedTheme.add(value.themeKey);
    return value;
  });
  const theme = Object.fromEntries(Object.entries(full.theme).filter(([k]) => usedTheme.has(k)));
  const config = {
    cacheSize: full.cacheSize,
    theme,
    classGroups,
    conflictingClassGroups: pick(full.conflictingClassGroups),
    conflictingClassGroupModifiers: pick(full.conflictingClassGroupModifiers),
    postfixLookupClassGroups: full.postfixLookupClassGroups.filter((g) => keep.has(g)),
    orderSensitiveModifiers: full.orderSensitiveModifiers,
  };
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
// the ${groups.length} class groups the kit's classes and a host's overrides of them fall in. Do not edit.
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

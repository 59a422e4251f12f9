/**
 * Measure the kit's bundle with size-limit's own API and the checks of .size-limit.mjs,
 * so `npm test` (bench/size.test.ts) and `npm run bench` read one configuration.
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import esbuildPlugin from '@size-limit/esbuild';
import filePlugin from '@size-limit/file';
import sizeLimit from 'size-limit';

/** One check of .size-limit.mjs (the fields this repository uses). */
export interface SizeCheck {
  name: string;
  path: string;
  import?: Record<string, string>;
  ignore?: string[];
  gzip?: boolean;
  limit: string;
  modifyEsbuildConfig?: (config: object) => object;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The checks of .size-limit.mjs.
 *
 * @example
 * const [kit] = await loadSizeChecks();
 */
export async function loadSizeChecks(): Promise<SizeCheck[]> {
  const mod = (await import(new URL('../../.size-limit.mjs', import.meta.url).href)) as {
    default: SizeCheck[];
  };
  return mod.default;
}

/**
 * Bundle a check (minified, tree-shaken, its `ignore` list external) and return its
 * gzipped size in bytes. `extraIgnore` leaves more packages out (to show what they cost).
 *
 * @example
 * const bytes = await measureCheck(kit);
 */
export async function measureCheck(check: SizeCheck, extraIgnore: string[] = []): Promise<number> {
  const abs = (p: string) => `${ROOT}${p}`;
  const internal = {
    checks: [
      {
        name: check.name,
        files: [abs(check.path)],
        ...(check.import
          ? {
              import: Object.fromEntries(
                Object.entries(check.import).map(([file, names]) => [abs(file), names]),
              ),
            }
          : {}),
        ignore: [...(check.ignore ?? []), ...extraIgnore],
        gzip: check.gzip ?? true,
        ...(check.modifyEsbuildConfig ? { modifyEsbuildConfig: check.modifyEsbuildConfig } : {}),
      },
    ],
  };
  const [result] = (await sizeLimit([filePlugin, esbuildPlugin], internal)) as Array<{
    size: number;
  }>;
  if (!result) throw new Error(`size-limit returned nothing for ${check.name}`);
  return result.size;
}

/**
 * Parse a size-limit limit such as `15 KB` (size-limit counts 1 KB as 1,000 bytes).
 *
 * @example
 * parseLimit('15 KB'); // 15000
 */
export function parseLimit(limit: string): number {
  const match = /^\s*([\d.]+)\s*(B|KB|kB|MB)?\s*$/.exec(limit);
  if (!match) throw new Error(`Unreadable size limit "${limit}"`);
  const value = Number(match[1]);
  const unit = match[2] ?? 'B';
  return value * (unit === 'MB' ? 1_000_000 : unit === 'B' ? 1 : 1_000);
}

/**
 * Build a check's entry the way a Vite 8 app builds it for production (Rolldown, Oxc's
 * minifier; the check's `ignore` list external) and return its size gzipped at level 9, as
 * size-limit gzips, in bytes. A second
 * opinion on the esbuild figure: Rolldown also drops unused schemas inside modules it loads
 * (it honours valibot's `@__NO_SIDE_EFFECTS__` marks across modules; esbuild does not).
 *
 * @example
 * const bytes = await measureWithVite(quickStart);
 */
export async function measureWithVite(check: SizeCheck): Promise<number> {
  const { build } = await import('vite');
  const ignored = check.ignore ?? [];
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    resolve: {
      conditions: ['@simstream/source', 'module', 'browser', 'production', 'import', 'default'],
    },
    build: {
      write: false,
      minify: true,
      modulePreload: false,
      rollupOptions: {
        input: `${ROOT}${check.path}`,
        external: (id) => ignored.some((p) => id === p || id.startsWith(`${p}/`)),
        preserveEntrySignatures: 'strict',
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) =>
    'output' in r ? r.output : [],
  );
  const chunks = outputs.filter((o) => o.type === 'chunk');
  if (chunks.length === 0) throw new Error(`Vite built nothing for ${check.name}`);
  return chunks.reduce((sum, chunk) => sum + gzipSync(chunk.code, { level: 9 }).length, 0);
}

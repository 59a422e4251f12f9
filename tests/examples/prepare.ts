/**
 * Makes each example app the way a product team gets it: the kit packed with `npm pack`
 * (whose prepack guard builds it), the tarballs installed with npm into a copy of the example
 * outside the repository (so nothing resolves through the workspace or the repo's
 * node_modules), then the app's own production build.
 *
 * Installs and builds are cached in `$TMPDIR/simstream-examples/<repo>/`: npm reinstalls only
 * what changed (a new tarball, a new dependency), and a build reruns only when the example's
 * files or the tarballs changed. Set `SIMSTREAM_EXAMPLES_CACHE` to move the cache.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The packages an app installs to use the kit. */
const KIT_PACKAGES = ['protocol', 'client', 'react'] as const;
/** What is never copied from an example (installed or built output). */
const NOT_SOURCES = new Set([
  'node_modules',
  'dist',
  '.next',
  'next-env.d.ts',
  'package-lock.json',
]);

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The cache of one checkout (several worktrees on one machine must not share a copy). */
export function cacheDir(repoRoot: string): string {
  const root = process.env.SIMSTREAM_EXAMPLES_CACHE ?? join(tmpdir(), 'simstream-examples');
  return join(root, sha(repoRoot).slice(0, 12));
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): void {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  }
}

/**
 * `npm pack` of the kit's packages; returns each package's tarball, stored under its own
 * content hash so that npm sees a changed tarball as a new dependency.
 */
export function packKit(repoRoot: string): Record<string, string> {
  const packs = join(cacheDir(repoRoot), 'packs');
  mkdirSync(packs, { recursive: true });
  const staging = mkdtempSync(join(packs, 'staging-'));
  try {
    const workspaces = KIT_PACKAGES.flatMap((name) => ['-w', `@simstream/${name}`]);
    run('npm', ['pack', ...workspaces, '--pack-destination', staging, '--silent'], repoRoot);
    const tarballs: Record<string, string> = {};
    for (const name of KIT_PACKAGES) {
      const file = readdirSync(staging).find((f) => f.startsWith(`simstream-${name}-`));
      if (!file) throw new Error(`npm pack made no tarball for @simstream/${name}`);
      const dir = join(packs, sha(readFileSync(join(staging, file))).slice(0, 16));
      mkdirSync(dir, { recursive: true });
      renameSync(join(staging, file), join(dir, file));
      tarballs[`@simstream/${name}`] = join(dir, file);
    }
    // Older tarballs are no longer referenced by any copy once it reinstalls.
    const current = new Set(Object.values(tarballs).map((file) => join(file, '..')));
    for (const entry of readdirSync(packs)) {
      const dir = join(packs, entry);
      if (dir !== staging && !current.has(dir)) rmSync(dir, { recursive: true, force: true });
    }
    return tarballs;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Hash of every source file of an example (what its build depends on besides packages). */
function sourcesHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (path: string) => {
    for (const entry of readdirSync(path).sort()) {
      if (NOT_SOURCES.has(entry)) continue;
      const full = join(path, entry);
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(`${full.slice(dir.length)}\0`).update(readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/** Runs `step` unless `stampFile` already holds `key`; records `key` once it succeeded. */
function once(stampFile: string, key: string, step: () => void): void {
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === key) return;
  rmSync(stampFile, { force: true });
  step();
  writeFileSync(stampFile, key);
}

/**
 * A built copy of `examples/<name>` with the kit installed from `tarballs`; returns its folder.
 *
 * @example
 * const dir = prepareExample(repoRoot, 'vite', packKit(repoRoot)); // dir/dist is the built app
 */
export function prepareExample(
  repoRoot: string,
  name: string,
  tarballs: Record<string, string>,
): string {
  const source = join(repoRoot, 'examples', name);
  const work = join(cacheDir(repoRoot), name);
  mkdirSync(work, { recursive: true });
  // Replace the copy's sources; keep what npm and the build cached.
  for (const entry of readdirSync(work)) {
    if (!['node_modules', 'package-lock.json', 'dist', '.next', '.stamps'].includes(entry)) {
      rmSync(join(work, entry), { recursive: true, force: true });
    }
  }
  for (const entry of readdirSync(source)) {
    if (!NOT_SOURCES.has(entry))
      cpSync(join(source, entry), join(work, entry), { recursive: true });
  }
  const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  for (const [pkg, file] of Object.entries(tarballs)) manifest.dependencies[pkg] = `file:${file}`;
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(join(work, 'package.json'), manifestText);

  const stamps = join(work, '.stamps');
  mkdirSync(stamps, { recursive: true });
  once(join(stamps, 'install'), sha(manifestText), () =>
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], work),
  );
  once(join(stamps, 'build'), sha(manifestText + sourcesHash(source)), () =>
    run('npm', ['run', 'build'], work, { NEXT_TELEMETRY_DISABLED: '1' }),
  );
  return work;
}

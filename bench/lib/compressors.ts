/**
 * The information limit of a recorded stream: its size under the strongest general-purpose
 * compressors at their highest settings over the whole recording at once (`xz -9e`, and
 * `zstd --ultra -22 --long=27`). No live link can do better without knowing the model; the
 * smaller of the two is the bound the step encodings are held against. Both come from
 * Debian (`xz-utils`, `zstd`); a missing one is installed with apt-get, or skipped with a
 * message when that fails.
 */
import { spawnSync } from 'node:child_process';

const TOOLS = [
  { name: 'xz -9e', bin: 'xz', args: ['-9e', '-c'], debian: 'xz-utils' },
  {
    name: 'zstd -22 --long',
    bin: 'zstd',
    args: ['--ultra', '-22', '--long=27', '-c', '-q'],
    debian: 'zstd',
  },
] as const;

const has = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;

function ensure(bin: string, debian: string, log: (line: string) => void): boolean {
  if (has(bin)) return true;
  log(`  ${bin} is missing; installing Debian's ${debian} with apt-get…`);
  const asRoot = process.getuid?.() === 0;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', debian],
  ]) {
    spawnSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['apt-get', ...args], {
      stdio: 'ignore',
      env,
    });
  }
  if (has(bin)) return true;
  log(`  ${bin} could not be installed: its information-limit row is skipped`);
  return false;
}

/**
 * Compressed size of `data` under each available compressor, by name.
 *
 * @example
 * compressedSizes(Buffer.concat(frames), console.error); // { 'xz -9e': 256752, 'zstd -22 --long': 271000 }
 */
export function compressedSizes(data: Buffer, log: (line: string) => void): Record<string, number> {
  const out: Record<string, number> = {};
  for (const tool of TOOLS) {
    if (!ensure(tool.bin, tool.debian, log)) continue;
    const run = spawnSync(tool.bin, tool.args, { input: data, maxBuffer: 1 << 30 });
    if (run.status === 0) out[tool.name] = run.stdout.length;
    else log(`  ${tool.name} failed (${run.stderr.toString().trim()}): row skipped`);
  }
  return out;
}

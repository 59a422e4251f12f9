#!/usr/bin/env node
// `npm run build -w @simstream/react`: ESM + declarations with tsc (TS 7 emits .d.ts itself;
// declaration bundlers need the compiler API TS 7 no longer has), then the prebuilt CSS,
// then a check that client entry points kept their 'use client' directive.
// Needs @simstream/protocol and @simstream/client built first (the root `npm run build`
// builds packages in dependency order).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: packageDir });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

rmSync(resolve(packageDir, 'dist'), { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
// The nodes worker is started with `new URL('./networkNodes.worker.ts', import.meta.url)` (the
// source Vite bundles in this repo); the built module must name the built file.
const workerUser = resolve(packageDir, 'dist/network/networkNodes.js');
writeFileSync(
  workerUser,
  readFileSync(workerUser, 'utf8').replace(
    "'./networkNodes.worker.ts'",
    "'./networkNodes.worker.js'",
  ),
);
run('node', ['scripts/buildCss.mjs']);

for (const entry of [
  'dist/index.js',
  'dist/components/index.js',
  'dist/network/index.js',
  'dist/timeline/index.js',
  'dist/charts/index.js',
  'dist/entities/index.js',
]) {
  const file = resolve(packageDir, entry);
  if (!existsSync(file)) continue;
  if (!/^['"]use client['"];/.test(readFileSync(file, 'utf8'))) {
    console.error(`${entry} must start with 'use client' (Next.js app router).`);
    process.exit(1);
  }
}

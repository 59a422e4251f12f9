/**
 * Global setup of the `examples` project: Chromium (Debian's, installed when missing), then
 * the kit packed and each example installed from the tarballs and built (cached; see
 * prepare.ts). The tests get the built copies' folders through `inject('exampleDirs')`.
 */
import type { TestProject } from 'vitest/node';
import { ensureChromium } from '../../scripts/chromium.mjs';
import { packKit, prepareExample } from './prepare.js';
import { repoRoot } from './paths.js';

declare module 'vitest' {
  export interface ProvidedContext {
    exampleDirs: { vite: string; next: string };
  }
}

export default function setup(project: TestProject): void {
  ensureChromium((line) => console.log(`[examples] ${line}`));
  const tarballs = packKit(repoRoot);
  project.provide('exampleDirs', {
    vite: prepareExample(repoRoot, 'vite', tarballs),
    next: prepareExample(repoRoot, 'next', tarballs),
  });
}

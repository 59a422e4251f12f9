import { fileURLToPath } from 'node:url';

/** Repository root, as an absolute path. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

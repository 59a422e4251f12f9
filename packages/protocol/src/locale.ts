import * as z from 'zod/mini';
import { en } from 'zod/locales';

/**
 * Configures zod's English error messages ("Too big: expected string to have <=128
 * characters", "Unrecognized key: \"extra\""). Classic `zod` does this on import; `zod/mini`
 * does not (so bundles can leave locales out), and without it every default message reads
 * "Invalid input". Imported for its side effect by `index.ts` and `parse.ts`, and listed in
 * this package's `sideEffects` so bundlers keep it. The config is global to zod, so it also
 * covers schemas other packages build with `zod/mini`.
 *
 * @example
 * import './locale.js';
 */
z.config(en());

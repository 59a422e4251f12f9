/**
 * Everything an app can import from the kit: the entry size-limit bundles (peers excluded)
 * to check the budget in .size-limit.mjs. Namespaces keep both public surfaces whole.
 *
 * @example
 * import { react, client } from './kit.js';
 */
import * as client from '@simstream/client';
import * as react from '@simstream/react';

export { client, react };

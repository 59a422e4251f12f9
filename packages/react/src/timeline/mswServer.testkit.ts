/**
 * The msw server of the jsdom tests that run a real stream client against `@simstream/mock`,
 * listening as soon as this module is evaluated. Import it before anything that loads
 * engine.io-client: its WebSocket transport captures `globalThis.WebSocket` when first
 * evaluated, so msw must have patched it by then. ESM evaluates a file's imports in order,
 * so importing this module first is enough — the kit can be imported statically instead of
 * in a `beforeAll`, where loading it raced the hook timeout on a loaded machine.
 *
 * @example
 * import { server } from './mswServer.testkit.js'; // first
 * import { createStreamClient } from '@simstream/client';
 */
import { setupServer } from 'msw/node';

export const server = setupServer();
server.listen({ onUnhandledRequest: 'error' });

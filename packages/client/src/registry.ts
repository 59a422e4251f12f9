import {
  createStreamClient,
  setDestroyHook,
  type StreamClient,
  type StreamClientOptions,
} from './streamClient.js';

/** One client per server URL in this JS realm, so every subscriber shares one socket. */
const clients = new Map<string, StreamClient>();

setDestroyHook((client) => {
  if (clients.get(client.url) === client) clients.delete(client.url);
});

/**
 * The shared client of a server URL: created on first use with `options`, returned as is
 * afterwards (later `options` are ignored). `destroy()` removes it from the registry.
 *
 * @example
 * const client = getStreamClient('http://localhost:17170');
 * getStreamClient('http://localhost:17170') === client; // true
 */
export function getStreamClient(
  url = '',
  options: Omit<StreamClientOptions, 'url'> = {},
): StreamClient {
  let client = clients.get(url);
  if (!client) {
    client = createStreamClient({ ...options, url });
    clients.set(url, client);
  }
  return client;
}

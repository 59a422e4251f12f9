/**
 * Child-process entry for e2e tests: the real server (`createServer`) with the config from
 * env, serving the built dashboard. Prints `LISTENING <url>` once ready; SIGTERM closes it
 * gracefully. A child process (not in-process) so a test can stop and restart it.
 */
import { loadConfig } from '../../server/src/config.js';
import { createServer } from '../../server/src/server.js';

const server = await createServer(loadConfig(process.env));
const url = await server.listen();
console.log(`LISTENING ${url}`);

process.once('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});

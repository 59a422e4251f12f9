/**
 * Entry point: `node --conditions=@simstream/source --import tsx apps/server/src/main.ts [--port N]`
 * (what `npm start` runs). Prints the URLs and the demo simulation id, shuts down gracefully
 * on SIGINT/SIGTERM.
 */
import { RAW_WS_PREFIX } from '@simstream/protocol';
import { ConfigError, loadConfig } from './config.js';
import { createClusterServer } from './clusterServer.js';
import { createServer } from './server.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }

  const server = config.redisUrl ? await createClusterServer(config) : await createServer(config);
  const log = server.app.log;
  // A bug in one handler must not take every viewer down with it: log and keep serving.
  process.on('uncaughtException', (err) => log.error({ err }, 'uncaught exception'));
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));

  let url: string;
  try {
    url = await server.listen();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(
        `Port ${config.port} is already in use; stop the other process or set PORT / --port.`,
      );
      process.exit(1);
    }
    throw err;
  }
  const ws = url.replace(/^http/, 'ws');
  const lines = [
    '',
    `  simstream server listening on ${url}`,
    `  Dashboard / index     ${url}/`,
    `  WebSocket test page   ${url}/api/v1/ws/test`,
    `  REST                  ${url}/api/v1/simulations`,
    `  Socket.IO             ${url} (path /socket.io, parser ${config.parser})`,
    `  Metrics               ${url}/metrics`,
  ];
  if (server.demoSimulationId) {
    lines.push(
      `  Demo simulation       ${server.demoSimulationId}`,
      `  Raw WebSocket         ${ws}${RAW_WS_PREFIX}/${server.demoSimulationId}`,
    );
  }
  console.log(`${lines.join('\n')}\n`);

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGHUP', shutdown);

  // Started by scripts/start.mjs: if that launcher is killed outright (SIGKILL, no chance to
  // forward a signal), we are reparented — shut down rather than hold the port as an orphan.
  if (process.env.SIMSTREAM_EXIT_WITH_PARENT === '1') {
    const parentPid = process.ppid;
    const watch = setInterval(() => {
      if (process.ppid === parentPid) return;
      clearInterval(watch);
      log.warn({ parentPid }, 'launcher exited; shutting down');
      shutdown('SIGTERM');
    }, 1_000);
    watch.unref();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/**
 * `npm run cluster [-- --port 17170] [--nodes 3] [--first-node-port 17171]`: the production
 * recipe on loopback — a private Redis, N server nodes with REDIS_URL and HAProxy in front —
 * with the dashboard served through the load balancer. Ctrl-C stops every part, nodes first.
 * Other settings reach every node through the environment (e.g. AUTH_JWT_SECRET, LOG_LEVEL).
 */
import { parseArgs } from 'node:util';
import { watchLauncher } from '../parentWatch.mjs';
import { runBuildSteps } from '../serverLaunch.mjs';
import { type Cluster, startCluster } from './cluster.js';

const USAGE = 'npm run cluster -- [--port 17170] [--nodes 3] [--first-node-port <port+1>; 0: any]';

function options() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.CLUSTER_PORT ?? '17170' },
      nodes: { type: 'string', default: process.env.CLUSTER_NODES ?? '3' },
      'first-node-port': { type: 'string' },
    },
  });
  const port = Number(values.port);
  const nodes = Number(values.nodes);
  const firstNodePort = Number(values['first-node-port'] ?? port + 1);
  const valid = (n: number, min: number, max: number) =>
    Number.isInteger(n) && n >= min && n <= max;
  if (!valid(port, 1, 65_535) || !valid(nodes, 1, 16) || !valid(firstNodePort, 0, 65_535 - nodes)) {
    throw new Error(`usage: ${USAGE}`);
  }
  return { port, nodes, firstNodePort };
}

function banner(cluster: Cluster, port: number): string {
  const nodes = cluster.nodes.map((node) => `${node.url} (${node.name})`).join(', ');
  return [
    '',
    `  simstream cluster on loopback: Redis + ${cluster.nodes.length} nodes + HAProxy`,
    `  Dashboard (through HAProxy)  http://localhost:${port}/`,
    `  Nodes                        ${nodes}`,
    `  Redis                        ${cluster.redis.url} (private; data in ${cluster.redis.dir})`,
    '  Ctrl-C stops everything.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  let settings: ReturnType<typeof options>;
  try {
    settings = options();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const launcherGone = watchLauncher();
  const failedStep = runBuildSteps();
  if (failedStep) {
    console.error(`npm run cluster: building ${failedStep} failed.`);
    process.exit(1);
  }
  console.log('› starting Redis, the nodes and HAProxy');
  const cluster = await startCluster({
    nodes: settings.nodes,
    lbPort: settings.port,
    ...(settings.firstNodePort ? { firstNodePort: settings.firstNodePort } : {}),
    // Nodes say what goes wrong; LOG_LEVEL=info shows every request.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    onLine: (name, line) => console.log(`[${name}] ${line}`),
  });
  console.log(banner(cluster, settings.port));

  let stopping = false;
  const stop = (why: string) => {
    if (stopping) {
      console.error('npm run cluster: second signal; exiting now (the parts stop by themselves).');
      process.exit(1);
    }
    stopping = true;
    console.log(`› ${why}: stopping HAProxy, the nodes, then Redis`);
    cluster.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => stop(signal));
  setInterval(() => {
    if (launcherGone() && !stopping) stop('launcher exited');
  }, 500);
}

main().catch((err: unknown) => {
  console.error(`npm run cluster: ${(err as Error).message}`);
  process.exit(1);
});

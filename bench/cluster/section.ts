/**
 * Cluster mode (issue 11) on this machine, in one run: the recipe of `npm run cluster`
 * (a private redis-server, 3 node processes with REDIS_URL, HAProxy in front) next to one
 * embedded server process (memory only) as the baseline —
 * - replay: a client cut off while N events happen, back through a node that does not own the
 *   simulation (its copy of the Redis log) vs the embedded server (its own memory);
 * - delivery with 3, 2 and 1 nodes: viewers over the load balancer, simulations stepping as
 *   fast as allowed; events delivered per second and CPU (nodes + Redis) per delivered event
 *   against the embedded server with the same viewers and simulations, and how evenly the
 *   load balancer spread the viewers;
 * - failover: the owner of a streaming simulation SIGKILLed; kill → next event at every viewer
 *   on the other nodes, against the lease time.
 * The nodes go from 3 to 2 by the failover's kill and to 1 by a graceful stop.
 */
import { loadavg } from 'node:os';
import { type Cluster, startCluster } from '../../scripts/cluster/cluster.js';
import { freePort } from '../../scripts/cluster/net.js';
import { type NodeProcess, nodeProcess } from '../../scripts/cluster/nodeProcess.js';
import type { Section, SectionContext } from '../lib/section.js';
import { type BenchRow, fmt, row } from '../lib/table.js';
import { measureCatchUp } from '../reconnect/reconnect.js';
import { type DeliveryResult, measureDelivery } from './delivery.js';
import { measureFailover } from './failover.js';
import { BENCH_NODE_ENV, advanceByRest, control, createSimulation } from './rest.js';

/** The nodes' lease (the default): a dead owner is replaced within about this long. */
const LEASE_MS = 2_000;
/** The fastest step interval a simulation accepts. */
const FAST_STEP_MS = 10;
const SIMULATIONS = 3;

interface Size {
  missed: number;
  viewers: number;
  clientProcesses: number;
  windowMs: number;
}
const QUICK: Size = { missed: 1_000, viewers: 60, clientProcesses: 1, windowMs: 1_500 };
const FULL: Size = { missed: 10_000, viewers: 600, clientProcesses: 2, windowMs: 6_000 };

const section = 'cluster';

async function startEmbedded(): Promise<NodeProcess> {
  const server = nodeProcess({ name: 'embedded', port: await freePort(), env: BENCH_NODE_ENV });
  await server.start();
  return server;
}

/** Catch-up after `missed` events: through node2 (node1 owns the simulation) vs the embedded server. */
async function replayRows(
  cluster: Cluster,
  embedded: NodeProcess,
  size: Size,
  ctx: SectionContext,
) {
  const id = 'bench-replay';
  const owner = cluster.node(0);
  const served = cluster.node(1);
  await createSimulation(embedded.url, id, { stepIntervalMs: FAST_STEP_MS });
  await createSimulation(owner.url, id, { stepIntervalMs: FAST_STEP_MS });
  const measure = (port: number, url: string) =>
    measureCatchUp(
      { port, simulationId: id, advance: (events) => advanceByRest(url, id, events) },
      [size.missed],
    );
  const [memory] = await measure(embedded.port, embedded.url);
  const [redis] = await measure(served.port, owner.url);
  if (!memory || !redis) throw new Error('replay: no result');
  for (const [name, r] of [
    ['embedded', memory],
    ['cluster node', redis],
  ] as const) {
    ctx.log(
      `  replay via ${name}: ${r.produced} missed → Live in ${r.reconnectMs.toFixed(0)} ms, ${r.recovery}; cold start ${r.coldMs.toFixed(0)} ms`,
    );
  }
  const count = size.missed.toLocaleString('en');
  return [
    row({
      section,
      metric: `${count} missed events → Live, through a node that does not own the simulation`,
      unit: 'ms',
      ours: redis.reconnectMs,
      baselineLabel: 'embedded server',
      baseline: memory.reconnectMs,
      note: redis.recovery.split(' ')[0] ?? '',
    }),
  ];
}

function deliveryRows(nodes: number, run: DeliveryResult, baseline: DeliveryResult): BenchRow[] {
  const name = `${nodes} node${nodes > 1 ? 's' : ''}`;
  const share = (100 * run.deliveredPerSec) / Math.max(1, run.offeredPerSec);
  const rows = [
    row({
      section,
      metric: `delivered events/s, ${name} + Redis behind HAProxy, ${run.viewers} viewers (${run.perServer.join(' / ')} per node)`,
      unit: 'ev/s',
      ours: run.deliveredPerSec,
      baselineLabel: 'embedded server',
      baseline: baseline.deliveredPerSec,
      note: `${share.toFixed(0)} % of what the simulations produced for them`,
    }),
    row({
      section,
      metric: `CPU per delivered event, ${name} + Redis`,
      unit: 'µs',
      ours: run.cpuUsPerEvent,
      baselineLabel: 'embedded server',
      baseline: baseline.cpuUsPerEvent,
      note: `of which Redis ${fmt(run.redisUsPerEvent)} µs`,
    }),
  ];
  if (nodes > 1) {
    rows.push(
      row(
        {
          section,
          metric: `viewers on the busiest node, ${name}`,
          unit: 'viewers',
          ours: Math.max(...run.perServer),
          baselineLabel: 'even share',
          baseline: run.viewers / nodes,
        },
        { max: 1.2 },
      ),
    );
  }
  return rows;
}

/** Delivery through the nodes running now, over the load balancer. */
async function clusterDelivery(cluster: Cluster, ids: readonly string[], size: Size) {
  const running = cluster.nodes.filter((node) => node.running());
  for (const node of cluster.nodes) {
    await cluster.waitForLb(node.name, node.running() ? 'UP' : 'DOWN', 30_000);
  }
  return measureDelivery({
    clientUrl: cluster.url,
    serverUrls: running.map((node) => node.url),
    redisUrl: cluster.redis.url,
    simulationIds: ids,
    viewers: size.viewers,
    clientProcesses: size.clientProcesses,
    windowMs: size.windowMs,
  });
}

async function setRunning(urls: readonly string[], ids: readonly string[], running: boolean) {
  await Promise.all(
    ids.map((id, i) => control(urls[i % urls.length] ?? '', id, running ? 'resume' : 'pause')),
  );
}

export const clusterSection: Section = {
  name: 'cluster',
  async run(ctx) {
    const size = ctx.quick ? QUICK : FULL;
    const loadBefore = loadavg()[0] ?? Number.NaN;
    // The parts' last lines, printed when the section fails.
    const lines: string[] = [];
    const onLine = (name: string, line: string) => {
      lines.push(`[${name}] ${line}`);
      if (lines.length > 60) lines.shift();
      // A node's errors (pino level 50+) are worth seeing while it runs.
      if (/"level":(50|60)/.test(line)) ctx.log(`  [${name}] ${line.slice(0, 500)}`);
    };
    const started = performance.now();
    const phase = (what: string) =>
      ctx.log(`  ${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    const [cluster, embedded] = await Promise.all([
      startCluster({
        nodes: 3,
        env: { ...BENCH_NODE_ENV, REDIS_LEASE_MS: String(LEASE_MS) },
        onLine,
      }),
      startEmbedded(),
    ]);
    phase('Redis, 3 nodes, HAProxy and the embedded server up');
    const rows: BenchRow[] = [];
    try {
      rows.push(...(await replayRows(cluster, embedded, size, ctx)));
      phase('replay measured');

      const ids = Array.from({ length: SIMULATIONS }, (_, i) => `bench-delivery-${i + 1}`);
      for (const id of ids)
        await createSimulation(embedded.url, id, { stepIntervalMs: FAST_STEP_MS });
      await setRunning([embedded.url], ids, true);
      const baseline = await measureDelivery({
        clientUrl: embedded.url,
        serverUrls: [embedded.url],
        simulationIds: ids,
        viewers: size.viewers,
        clientProcesses: size.clientProcesses,
        windowMs: size.windowMs,
      });
      await setRunning([embedded.url], ids, false);
      const log = (nodes: number, r: DeliveryResult) =>
        phase(
          `${nodes ? `${nodes} node(s)` : 'embedded'}: ${r.viewers} viewers (${r.perServer.join('/')}), ${fmt(r.deliveredPerSec)} ev/s of ${fmt(r.offeredPerSec)} produced for them, ${fmt(r.cpuUsPerEvent)} µs CPU/event (Redis ${fmt(r.redisUsPerEvent)})`,
        );
      log(0, baseline);

      // One simulation created on (so owned by) each node.
      const urls = cluster.nodes.map((node) => node.url);
      for (const [i, id] of ids.entries()) {
        await createSimulation(urls[i % urls.length] ?? '', id, { stepIntervalMs: FAST_STEP_MS });
      }
      await setRunning(urls, ids, true);
      const three = await clusterDelivery(cluster, ids, size);
      log(3, three);
      rows.push(...deliveryRows(3, three, baseline));
      await setRunning(urls, ids, false);

      const failover = await measureFailover(cluster, {
        simulationId: 'bench-failover',
        stepIntervalMs: 50,
        viewersPerNode: 2,
      });
      phase(
        `failover: ${failover.killed} SIGKILLed → next event at all ${failover.viewers} viewers in ${failover.ms.toFixed(0)} ms (new owner ${failover.newOwner}; normal gap ${failover.normalGapMs.toFixed(0)} ms)`,
      );
      rows.push(
        row(
          {
            section,
            metric: `owner SIGKILLed → next event at all ${failover.viewers} viewers on the other nodes`,
            unit: 'ms',
            ours: failover.ms,
            baselineLabel: 'lease time',
            baseline: LEASE_MS,
            note: `normal gap ${failover.normalGapMs.toFixed(0)} ms`,
          },
          { max: 2.5 },
        ),
      );

      const alive = () => cluster.nodes.filter((node) => node.running()).map((node) => node.url);
      await setRunning(alive(), ids, true);
      const two = await clusterDelivery(cluster, ids, size);
      log(2, two);
      rows.push(...deliveryRows(2, two, baseline));

      const last = cluster.nodes.filter((node) => node.running()).at(-1);
      if (last) await cluster.kill(last.name, 'SIGTERM');
      const one = await clusterDelivery(cluster, ids, size);
      log(1, one);
      rows.push(...deliveryRows(1, one, baseline));
    } catch (error) {
      ctx.log(`  the cluster's last output:\n${lines.join('\n')}`);
      throw error;
    } finally {
      await cluster.close();
      await embedded.stop('SIGTERM');
    }
    const loadAfter = loadavg()[0] ?? Number.NaN;
    ctx.log(`  load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`);
    return rows;
  },
};

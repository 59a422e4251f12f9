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
 *   on the other nodes, against the lease time;
 * - takeover of a long run: a new owner's rebuild from the newest checkpoint against a replay
 *   of the whole input log (`takeover.ts`).
 * The nodes go from 3 to 2 by the failover's kill and to 1 by a graceful stop.
 */
import { loadavg } from 'node:os';
import { type Cluster, startCluster } from '../../scripts/cluster/cluster.js';
import { freePort } from '../../scripts/cluster/net.js';
import { type NodeProcess, nodeProcess } from '../../scripts/cluster/nodeProcess.js';
import type { Section, SectionContext } from '../lib/section.js';
import { type BenchRow, row } from '../lib/table.js';
import { measureCatchUp } from '../reconnect/reconnect.js';
import { BENCH_NODE_ENV, advanceByRest, createSimulation, removeSimulation } from './rest.js';
import { FAST_STEP_MS, LEASE_MS, type ScalingSize, scalingRows } from './scaling.js';
import { measureTakeover } from './takeover.js';

interface Size extends ScalingSize {
  missed: number;
  /** Steps of the run whose takeover is timed (from a checkpoint vs from the start). */
  longRun: number;
}
const QUICK: Size = {
  missed: 1_000,
  longRun: 2_000,
  failovers: 1,
  viewers: 60,
  clientProcesses: 1,
  windowMs: 1_500,
};
const FULL: Size = {
  missed: 10_000,
  longRun: 10_000,
  failovers: 3,
  viewers: 600,
  clientProcesses: 2,
  windowMs: 6_000,
};

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
  // Its long input log must not be rebuilt by the failovers to come.
  await removeSimulation(embedded.url, id);
  await removeSimulation(owner.url, id);
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

/** A takeover's rebuild of a long run: from its newest checkpoint vs replaying it all. */
async function takeoverRow(cluster: Cluster, size: Size, ctx: SectionContext) {
  const r = await measureTakeover(cluster.redis.url, size.longRun);
  ctx.log(
    `  takeover of a ${r.steps}-step run: from the checkpoint at timestep ${r.fromCheckpoint.fromTimestep} (${r.fromCheckpoint.inputs} inputs) ${r.checkpointMs.toFixed(0)} ms; from the start (${r.fromStart.inputs} inputs) ${r.fullMs.toFixed(0)} ms`,
  );
  return row({
    section,
    metric: `takeover of a ${r.steps.toLocaleString('en')}-step run: rebuild from its newest checkpoint (${r.fromCheckpoint.inputs} inputs replayed; median of 3)`,
    unit: 'ms',
    ours: r.checkpointMs,
    baselineLabel: `replay from the start (${r.fromStart.inputs} inputs)`,
    baseline: r.fullMs,
  });
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
    const [clusterStart, embeddedStart] = await Promise.allSettled([
      startCluster({
        nodes: 3,
        env: { ...BENCH_NODE_ENV, REDIS_LEASE_MS: String(LEASE_MS) },
        onLine,
      }),
      startEmbedded(),
    ]);
    if (clusterStart.status === 'rejected' || embeddedStart.status === 'rejected') {
      if (clusterStart.status === 'fulfilled') await clusterStart.value.close();
      if (embeddedStart.status === 'fulfilled') await embeddedStart.value.stop('SIGTERM');
      const failed = [clusterStart, embeddedStart].find((r) => r.status === 'rejected');
      throw (failed as PromiseRejectedResult).reason;
    }
    const cluster = clusterStart.value;
    const embedded = embeddedStart.value;
    phase('Redis, 3 nodes, HAProxy and the embedded server up');
    const rows: BenchRow[] = [];
    try {
      rows.push(...(await replayRows(cluster, embedded, size, ctx)));
      phase('replay measured');
      rows.push(await takeoverRow(cluster, size, ctx));
      phase('long-run takeover measured');

      rows.push(...(await scalingRows(cluster, embedded, size, phase)));
    } catch (error) {
      ctx.log(`  the cluster's last output:\n${lines.join('\n')}`);
      throw error;
    } finally {
      await cluster.close();
      await embedded.stop('SIGTERM');
    }
    // Every figure here is whole-machine: say how busy the machine was.
    const load = `load average ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? Number.NaN).toFixed(1)}`;
    ctx.log(`  ${load}`);
    const first = rows[0];
    if (first) first.note = first.note ? `${first.note}; ${load}` : load;
    return rows;
  },
};

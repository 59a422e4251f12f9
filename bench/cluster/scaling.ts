/**
 * The cluster section's scaling part: delivery through the embedded server (the baseline),
 * then through 3, 2 and 1 nodes behind HAProxy, with the failover between 3 and 2 (its kill
 * takes the cluster to 2 nodes; a graceful stop then to 1).
 */
import type { Cluster } from '../../scripts/cluster/cluster.js';
import type { NodeProcess } from '../../scripts/cluster/nodeProcess.js';
import { median } from '../lib/stats.js';
import { type BenchRow, fmt, row } from '../lib/table.js';
import { type DeliveryResult, measureDelivery } from './delivery.js';
import { type FailoverResult, measureFailover } from './failover.js';
import { control, createSimulation, removeSimulation } from './rest.js';

/** The nodes' lease (the default): a dead owner is replaced within about this long. */
export const LEASE_MS = 2_000;
/** The fastest step interval a simulation accepts. */
export const FAST_STEP_MS = 10;
const SIMULATIONS = 3;
const section = 'cluster';

/** How big the delivery and failover runs are. */
export interface ScalingSize {
  viewers: number;
  clientProcesses: number;
  windowMs: number;
  /** Failover trials (the killed node is started again between them). */
  failovers: number;
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
      note: `${share.toFixed(0)} % of what the simulations produced for them${run.failed ? `; ${run.failed} viewers failed to subscribe` : ''}`,
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
async function clusterDelivery(cluster: Cluster, ids: readonly string[], size: ScalingSize) {
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

/**
 * `trials` failovers, each on a new simulation streaming at 20 steps/s to two kit viewers on
 * every other node; the killed node is started again between trials (not after the last).
 * The row is the median; every trial is logged.
 */
async function failoverRow(cluster: Cluster, trials: number, log: (line: string) => void) {
  const results: FailoverResult[] = [];
  for (let trial = 1; trial <= trials; trial++) {
    const result = await measureFailover(cluster, {
      simulationId: `bench-failover-${trial}`,
      stepIntervalMs: 50,
      viewersPerNode: 2,
    });
    results.push(result);
    log(
      `failover ${trial}: ${result.killed} SIGKILLed → next event at all ${result.viewers} viewers in ${result.ms.toFixed(0)} ms (new owner ${result.newOwner}; longest gap in the 2 s before ${result.normalGapMs.toFixed(0)} ms)`,
    );
    if (trial < trials) await cluster.start(result.killed);
  }
  const times = results.map((r) => r.ms);
  return row(
    {
      section,
      metric: `owner SIGKILLed → next event at all ${results[0]?.viewers ?? 0} viewers on the other nodes${trials > 1 ? ` (median of ${trials}, max ${Math.max(...times).toFixed(0)} ms)` : ''}`,
      unit: 'ms',
      ours: median(times),
      baselineLabel: 'lease time',
      baseline: LEASE_MS,
      note: `longest gap between events in the 2 s before: ${median(results.map((r) => r.normalGapMs)).toFixed(0)} ms`,
    },
    { max: 2.5 },
  );
}

/**
 * Every scaling row: three simulations stepping every 10 ms (fresh ones for each measurement)
 * and the same number of viewers, through the embedded server, then 3, 2 and 1 nodes.
 *
 * @example
 * rows.push(...(await scalingRows(cluster, embedded, size, ctx.log)));
 */
export async function scalingRows(
  cluster: Cluster,
  embedded: NodeProcess,
  size: ScalingSize,
  log: (line: string) => void,
): Promise<BenchRow[]> {
  const report = (nodes: number, r: DeliveryResult) =>
    log(
      `${nodes ? `${nodes} node(s)` : 'embedded'}: ${r.viewers} viewers (${r.perServer.join('/')}), ${fmt(r.deliveredPerSec)} ev/s of ${fmt(r.offeredPerSec)} produced for them, ${fmt(r.cpuUsPerEvent)} µs CPU/event (Redis ${fmt(r.redisUsPerEvent)})`,
    );
  const baseline = await withSimulations([embedded.url], 'embedded', (ids) =>
    measureDelivery({
      clientUrl: embedded.url,
      serverUrls: [embedded.url],
      simulationIds: ids,
      viewers: size.viewers,
      clientProcesses: size.clientProcesses,
      windowMs: size.windowMs,
    }),
  );
  report(0, baseline);

  const rows: BenchRow[] = [];
  const alive = () => cluster.nodes.filter((node) => node.running());
  for (const nodes of [3, 2, 1]) {
    if (nodes === 2) rows.push(await failoverRow(cluster, size.failovers, log));
    const last = alive().at(-1);
    if (nodes === 1 && last) await cluster.kill(last.name, 'SIGTERM');
    const urls = alive().map((node) => node.url);
    const run = await withSimulations(urls, `${nodes}-nodes`, (ids) =>
      clusterDelivery(cluster, ids, size),
    );
    report(nodes, run);
    rows.push(...deliveryRows(nodes, run, baseline));
  }
  return rows;
}

/**
 * Fresh simulations for one measurement, created round robin on `urls` (so each node owns
 * one), running while `measure` runs and deleted after it — none is left for a later
 * failover to rebuild, and every node count starts from the same short logs.
 */
async function withSimulations<T>(
  urls: readonly string[],
  label: string,
  measure: (ids: string[]) => Promise<T>,
): Promise<T> {
  const ids = Array.from({ length: SIMULATIONS }, (_, i) => `bench-delivery-${label}-${i + 1}`);
  const at = (i: number) => urls[i % urls.length] ?? '';
  for (const [i, id] of ids.entries()) {
    await createSimulation(at(i), id, { stepIntervalMs: FAST_STEP_MS });
  }
  try {
    await Promise.all(ids.map((id, i) => control(at(i), id, 'resume')));
    return await measure(ids);
  } finally {
    await Promise.all(ids.map((id, i) => removeSimulation(at(i), id)));
  }
}

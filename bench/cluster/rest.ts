/**
 * The REST calls the cluster benchmark drives a real server process with (one node of a
 * cluster or an embedded server alike): create a simulation, pause and resume it, shock it,
 * and make it produce a given number of events.
 */
import type { ShockInput, SimulationSummary } from '@simstream/protocol';
import { sleep } from '../lib/child.js';

/** Settings every node and the embedded server of the benchmark run with. */
export const BENCH_NODE_ENV: Record<string, string> = {
  LOG_LEVEL: 'warn',
  DEMO_SIMULATION: 'off',
  // The benchmark's own REST traffic (thousands of shocks) must not hit the per-address limits.
  HTTP_RATE_LIMIT: '1000000',
  CREATE_RATE_LIMIT: '1000',
  // Simulations stepping every 10 ms cost more than the default work budget allows.
  MAX_WORK: '100000000',
  // 10,000 missed events must still be in the log.
  REPLAY_LOG_SIZE: '20000',
};

/** A small simulation (6 banks, 1 fund: ~600 B a compact step), paused until told. */
export const BENCH_SIMULATION = { banks: 6, funds: 1, seed: 7, autoStart: false } as const;

const TINY_SHOCK: ShockInput = {
  shock_type: 'asset_price_crash',
  target: 'equities',
  magnitude: -1e-9,
};

async function callOnce(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}/api/v1${path}`, {
    method,
    signal: AbortSignal.timeout(30_000),
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * One REST call; a 5xx is retried twice (said on stderr): a command that reaches a node while
 * the simulation's owner changes is answered "retry", as a client would.
 */
async function call(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    const { status, text } = await callOnce(url, method, path, body);
    if (status < 300) return text === '' ? null : JSON.parse(text);
    const failure = `${method} ${path} on ${url}: ${status} ${text}`;
    if (status < 500 || attempt === 3) throw new Error(failure);
    console.error(`  ${failure} — retrying`);
    await sleep(500);
  }
}

/**
 * Create a simulation on the server at `url` (it becomes the simulation's owner in a cluster).
 *
 * @example
 * await createSimulation(node.url, 'bench-1', { stepIntervalMs: 10 });
 */
export async function createSimulation(
  url: string,
  id: string,
  settings: Record<string, unknown> = {},
): Promise<SimulationSummary> {
  const body = { id, ...BENCH_SIMULATION, ...settings };
  return (await call(url, 'POST', '/simulations', body)) as SimulationSummary;
}

/** Pause, resume or reset; resolves with the summary once the change is in effect (logged). */
export async function control(
  url: string,
  id: string,
  action: 'pause' | 'resume' | 'reset',
): Promise<SimulationSummary> {
  return (await call(url, 'POST', `/simulations/${id}/${action}`)) as SimulationSummary;
}

/**
 * Delete a simulation (its logs in Redis too, on a cluster): a finished measurement leaves no
 * simulation behind whose input log a later failover would have to rebuild.
 */
export async function removeSimulation(url: string, id: string): Promise<void> {
  await call(url, 'DELETE', `/simulations/${id}`);
}

export async function summary(url: string, id: string): Promise<SimulationSummary> {
  return (await call(url, 'GET', `/simulations/${id}`)) as SimulationSummary;
}

/**
 * Make a paused simulation produce at least `events` more events, then pause it again:
 * it runs at its own step interval while `shooters` loops post tiny shocks (each one a
 * `shock_applied` event at the next step), as fast as the server answers. A simulation that
 * finished is reset and goes on. Resolves with the seq it was paused at.
 *
 * @example
 * const seq = await advanceByRest(node.url, 'bench-replay', 10_000);
 */
export async function advanceByRest(
  url: string,
  id: string,
  events: number,
  shooters = 4,
): Promise<number> {
  const target = (await summary(url, id)).seq + events;
  let seq = (await control(url, id, 'resume')).seq;
  const shoot = async () => {
    while (seq < target) {
      // A finished run refuses shocks until the watcher resets it: wait a moment then.
      await call(url, 'POST', `/simulations/${id}/shocks`, TINY_SHOCK).catch(() => sleep(20));
    }
  };
  const watch = async () => {
    while (seq < target) {
      await sleep(50);
      const now = await summary(url, id);
      seq = now.seq;
      if (now.status === 'finished') {
        await control(url, id, 'reset');
        await control(url, id, 'resume');
      }
    }
  };
  await Promise.all([watch(), ...Array.from({ length: shooters }, shoot)]);
  return (await control(url, id, 'pause')).seq;
}

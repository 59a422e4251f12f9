/**
 * Reconnect storm against the real server (in its own process): stock socket.io-client
 * viewers in client processes (so this test process is no bottleneck) watch a simulation
 * that keeps ticking; the server cuts every connection at once, the way it cuts a slow
 * consumer. Every socket must be back with every event up to the cut within 60 s, and —
 * once the simulation pauses — hold every event of the run exactly once: 0 lost, 0
 * duplicated, no resync. Children raise their open-file limit to the hard limit.
 *
 * `npm test` runs 500 sockets, because 5,000 is too heavy for the shared 2-core box: measured
 * at a load average of ~25, the server accepted ~20 connections a second, so 1,000 did not
 * all get back within 60 s (clients whose handshake timed out in the accept queue retried at
 * its back) and 5,000 did not finish opening in 5 minutes. On an idle box a reconnect costs
 * the server ~4 ms of CPU (5,000 ≈ 20 s of one core). `SIMSTREAM_SOAK=1` runs 5,000;
 * `SIMSTREAM_STORM_SOCKETS` overrides either. See BENCHMARKS.md (storm).
 */
import { describe, expect, it } from 'vitest';
import { measureStorm } from '../../bench/storm/storm.js';

const SOAK = process.env.SIMSTREAM_SOAK === '1';
const SOCKETS = Number(process.env.SIMSTREAM_STORM_SOCKETS ?? (SOAK ? 5_000 : 500));

describe('fault suite: reconnect storm', () => {
  it(`${SOCKETS.toLocaleString('en')} sockets cut at once are all back and caught up within 60 s, 0 lost`, async () => {
    // measureStorm fails when they are not all back within timeoutMs.
    const result = await measureStorm({
      sockets: SOCKETS,
      children: SOCKETS >= 2_000 ? 4 : 2,
      timeoutMs: 60_000,
      log: (line) => console.info(line),
    });
    console.info(
      `storm: ${result.cut} cut, all back in ${(result.catchUpMs / 1000).toFixed(1)} s, server CPU ${result.serverCpuPercent.toFixed(0)} % (streaming ${result.steadyCpuPercent.toFixed(0)} %), load average ${result.loadAverage.toFixed(1)}`,
    );
    expect(result.sockets).toBe(SOCKETS);
    expect(result.cut).toBe(SOCKETS);
    expect(result.reconnects).toBeGreaterThanOrEqual(SOCKETS);
    expect({ lost: result.lost, duplicated: result.duplicated, resyncs: result.resyncs }).toEqual({
      lost: 0,
      duplicated: 0,
      resyncs: 0,
    });
  }, 900_000);
});

import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualSimulation, openViewer, startServer, step, waitUntil } from './harness.js';

const secret = 'test-secret-that-is-long-enough-for-hs256';
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('stream client auth callback against the real server', () => {
  it('shows why its token-expired socket was cut, then asks its auth callback for a fresh token', async () => {
    const running = await startServer(0, { AUTH_JWT_SECRET: secret });
    cleanups.push(() => running.server.close());
    const sim = createManualSimulation(running, { id: 'sim-auth' });
    let issued = 0;
    // Each token lives 2 s: the server cuts the socket at expiry, the client reconnects.
    const auth = () => {
      issued += 1;
      return new SignJWT({ role: 'viewer', sims: ['sim-auth'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('viewer-1')
        .setExpirationTime(Math.floor(Date.now() / 1000) + 2)
        .sign(new TextEncoder().encode(secret));
    };
    const viewer = openViewer(running.url, 'sim-auth', { auth });
    cleanups.push(() => viewer.stop());
    const status = () => viewer.client.getSnapshot().connection.status;
    await waitUntil(() => status() === 'live', 'first connect');
    const firstHandshakes = issued;
    let shown: string | null = null;
    await waitUntil(
      () => {
        const state = viewer.client.getSnapshot().connection;
        if (state.status === 'reconnecting') shown = state.lastError;
        return shown !== null;
      },
      'the cut at expiry',
      10_000,
    );
    expect(shown).toContain('token expired');
    await waitUntil(() => status() === 'live', 'the reconnect', 10_000);
    expect(issued).toBeGreaterThan(firstHandshakes);
    step(sim, 3);
    await waitUntil(() => viewer.lastSeq() >= sim.snapshot().seq, 'events after reconnect');
  });
});

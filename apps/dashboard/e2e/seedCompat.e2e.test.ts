/**
 * The seed's own interface, in a real browser against the real server: the test page at
 * `/api/v1/ws/test` connects, shows live messages and answers ping with pong; and the spec's
 * console snippet (a plain `WebSocket` plus a ping) gets its pong.
 */
import { describe, expect, it } from 'vitest';
import { openPage } from './browser.js';
import { setupServerAndBrowser } from './serverAndBrowser.js';

const wait = { timeout: 30_000, interval: 200 };

const e2e = setupServerAndBrowser({ STEP_INTERVAL_MS: '300' });

describe('seed-compatible WebSocket interface', () => {
  it('the test page connects, shows messages and gets a pong for its ping', async () => {
    const page = await openPage(e2e.browser, `${e2e.server.url}/api/v1/ws/test`);
    await expect.poll(() => page.locator('#sim option').count(), wait).toBeGreaterThan(0);
    await page.locator('#sim').selectOption('test-sim-123');
    await page.locator('#connect').click();
    await expect.poll(() => page.locator('#status').getAttribute('data-state'), wait).toBe('open');
    await expect
      .poll(() => page.locator('#log .t-simulation_step').count(), wait)
      .toBeGreaterThan(0);
    await page.locator('#ping').click();
    await expect.poll(() => page.locator('#log .t-pong').count(), wait).toBeGreaterThan(0);
    await page.context().close();
  });

  it("the spec's console snippet receives events and a pong", async () => {
    const page = await openPage(e2e.browser, `${e2e.server.url}/`);
    const wsUrl = `${e2e.server.wsUrl}/api/v1/ws/simulation/test-sim-123`;
    // The snippet as written in the spec; the ping is sent once open, as it is when the
    // lines are typed into a console one after another.
    const messages = await page.evaluate(
      (url) =>
        new Promise<{ type: string; timestamp: string; data: unknown }[]>((resolve, reject) => {
          const received: { type: string; timestamp: string; data: unknown }[] = [];
          const ws = new WebSocket(url);
          ws.onopen = () => {
            console.log('Connected!');
            // Send ping
            ws.send(JSON.stringify({ type: 'ping' }));
          };
          ws.onmessage = (e) => {
            const message = JSON.parse(e.data);
            console.log('Message:', message);
            received.push(message);
            if (
              ['pong', 'simulation_step'].every((type) => received.some((m) => m.type === type))
            ) {
              ws.close();
              resolve(received);
            }
          };
          ws.onerror = (e) => console.error('Error:', e);
          setTimeout(
            () => reject(new Error(`no pong and step within 20 s: ${JSON.stringify(received)}`)),
            20_000,
          );
        }),
      wsUrl,
    );
    const pong = messages.find((m) => m.type === 'pong');
    expect(pong).toMatchObject({ type: 'pong', timestamp: expect.any(String) });
    const step = messages.find((m) => m.type === 'simulation_step');
    expect(Object.keys(step ?? {}).sort()).toEqual(['data', 'timestamp', 'type']);
    expect(step?.data).toMatchObject({
      timestep: expect.any(Number),
      snapshot: expect.objectContaining({ simulation_id: 'test-sim-123' }),
      system_health: expect.any(Number),
      alive_agents: expect.any(Number),
    });
    await page.context().close();
  });
});

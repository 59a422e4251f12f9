import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../metrics.js';
import { type TestRedis, startRedis } from '../redis/redisTestkit.js';
import { startTestServer } from '../serverTestkit.js';
import { createErrorHandler } from './errors.js';
import { installHttpRateLimits } from './rateLimits.js';

/** A "node": Fastify with the limits installed, a limited route, a stricter one, an allowlisted one. */
async function node(
  redisUrl: string | null,
  max = 5,
): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false });
  const metrics = createMetrics();
  app.setErrorHandler(createErrorHandler(metrics));
  await installHttpRateLimits(app, { max, allowList: ['/health'], redisUrl, metrics });
  app.get('/things', async () => ({ ok: true }));
  app.post('/things', { config: { rateLimit: { max: 2, timeWindow: 60_000 } } }, async () => ({
    created: true,
  }));
  app.get('/health', async () => ({ status: 'ok' }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  return { app, url };
}

const apps: FastifyInstance[] = [];
let redis: TestRedis | null = null;
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  await redis?.stop();
  redis = null;
});

const get = (url: string, path = '/things') => fetch(`${url}${path}`);
const post = (url: string) => fetch(`${url}/things`, { method: 'POST' });

describe('HTTP rate limits (rate-limiter-flexible)', () => {
  it('two nodes on one Redis share one budget per address', async () => {
    redis = await startRedis();
    const a = await node(redis.url);
    const b = await node(redis.url);
    const statuses: number[] = [];
    // Alternate nodes, as a load balancer would.
    for (let i = 0; i < 6; i++) statuses.push((await get(i % 2 ? b.url : a.url)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await get(a.url);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: expect.stringMatching(
          /^Too many requests; at most 5 a minute from one address\. Retry in \d+ s\.$/,
        ),
      },
    });
    // Health checks are never limited.
    expect((await get(b.url, '/health')).status).toBe(200);
  });

  it('a route’s stricter limit is shared too', async () => {
    redis = await startRedis();
    const a = await node(redis.url, 100);
    const b = await node(redis.url, 100);
    expect((await post(a.url)).status).toBe(200);
    expect((await post(b.url)).status).toBe(200);
    const third = await post(a.url);
    expect(third.status).toBe(429);
    expect((await third.json()).error.message).toContain('at most 2 per 60 s for this call');
    expect((await get(b.url)).status).toBe(200);
  });

  it('without Redis every node keeps its own budget', async () => {
    const a = await node(null);
    const b = await node(null);
    for (let i = 0; i < 5; i++) expect((await get(a.url)).status).toBe(200);
    expect((await get(a.url)).status).toBe(429);
    expect((await get(b.url)).status).toBe(200);
  });

  it('while Redis is unreachable each node limits on its own, without holding requests', async () => {
    redis = await startRedis();
    const a = await node(redis.url);
    expect((await get(a.url)).status).toBe(200);
    await redis.stop();
    redis = null;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(a.url)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('behind a trusted proxy (TRUST_PROXY) each client address has its own budget', async () => {
    const server = await startTestServer({ HTTP_RATE_LIMIT: '3', TRUST_PROXY: '127.0.0.1' });
    try {
      const from = (address: string) =>
        fetch(`${server.url}/api/v1/simulations`, { headers: { 'x-forwarded-for': address } });
      for (let i = 0; i < 3; i++) expect((await from('203.0.113.1')).status).toBe(200);
      expect((await from('203.0.113.1')).status).toBe(429);
      expect((await from('203.0.113.2')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../serverTestkit.js';

// Each test starts its own server with the limits it is about.
const t = useTestServer(null);

function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${t.url}/api/v1${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

describe('server-wide work budget', () => {
  it('refuses a create that would exceed MAX_WORK with 429, naming the limit and the usage', async () => {
    await t.start({ MAX_WORK: '100', HTTP_RATE_LIMIT: '1000' });
    // 30 entities once a second = 30 entity-steps/s each.
    for (const id of ['a', 'b', 'c']) {
      expect(
        (await call('POST', '/simulations', { id, banks: 25, funds: 5, stepIntervalMs: 1000 }))
          .status,
      ).toBe(201);
    }
    const refused = await call('POST', '/simulations', {
      id: 'd',
      banks: 25,
      funds: 5,
      stepIntervalMs: 1000,
    });
    expect(refused.status).toBe(429);
    const error = await errorOf(refused);
    expect(error.code).toBe('rate_limited');
    expect(error.message).toContain('MAX_WORK 100');
    expect(error.message).toContain('running simulations use 90');
    expect(t.server.hub.get('d')).toBeUndefined();

    // The reviewer's overload: a fast, large simulation alone is over the limit.
    const heavy = await call('POST', '/simulations', { banks: 500, stepIntervalMs: 10 });
    expect(heavy.status).toBe(429);

    // A stopped simulation costs nothing; resuming it must fit again.
    expect((await call('POST', '/simulations', { id: 'idle', autoStart: false })).status).toBe(201);
    const resume = await call('POST', '/simulations/idle/resume');
    expect(resume.status).toBe(429);
    expect((await errorOf(resume)).message).toContain('resuming idle');
    expect((await call('POST', '/simulations/a/pause')).status).toBe(200);
    expect((await call('POST', '/simulations/idle/resume')).status).toBe(200);
    expect(t.server.hub.get('idle')!.ticking).toBe(true);
  });

  it('sizes a preset by its own banks: gai-kapadia is 1,000 banks unless the request says less', async () => {
    await t.start({ MAX_WORK: '600', HTTP_RATE_LIMIT: '1000' });
    const refused = await call('POST', '/simulations', {
      preset: 'gai-kapadia',
      stepIntervalMs: 1000,
    });
    expect(refused.status).toBe(429);
    expect((await errorOf(refused)).message).toContain('this simulation needs 1000');
    const created = await call('POST', '/simulations', {
      id: 'gk',
      preset: 'gai-kapadia',
      banks: 400,
      meanDegree: 3,
      stepIntervalMs: 1000,
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      id: 'gk',
      preset: 'gai-kapadia',
      meanDegree: 3,
      banks: 400,
      funds: 0,
    });
    expect(t.server.hub.get('gk')!.snapshot().snapshot.entities).toHaveLength(400);
  });

  it('refuses creates beyond MAX_SIMULATIONS with 429', async () => {
    await t.start({ MAX_SIMULATIONS: '2', HTTP_RATE_LIMIT: '1000' });
    expect((await call('POST', '/simulations', { autoStart: false })).status).toBe(201);
    expect((await call('POST', '/simulations', { autoStart: false })).status).toBe(201);
    const refused = await call('POST', '/simulations', { autoStart: false });
    expect(refused.status).toBe(429);
    const error = await errorOf(refused);
    expect(error).toMatchObject({ code: 'rate_limited' });
    expect(error.message).toContain('MAX_SIMULATIONS 2');
    expect(error.message).toContain('2 simulations exist');
  });

  it('limits creates per IP more strictly than other calls', async () => {
    await t.start({ CREATE_RATE_LIMIT: '3', HTTP_RATE_LIMIT: '1000' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await call('POST', '/simulations', { autoStart: false })).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect((await call('GET', '/simulations')).status).toBe(200);
  });
});

describe('the demo simulation', () => {
  it('cannot be deleted without auth (409 conflict); other simulations can', async () => {
    await t.start({ DEMO_SIMULATION: 'on' });
    const demo = t.server.demoSimulationId!;
    const refused = await call('DELETE', `/simulations/${demo}`);
    expect(refused.status).toBe(409);
    const error = await errorOf(refused);
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('demo');
    expect(t.server.hub.get(demo)).toBeDefined();
    expect((await call('POST', '/simulations', { id: 'mine', autoStart: false })).status).toBe(201);
    expect((await call('DELETE', '/simulations/mine')).status).toBe(204);
  });

  it('can be deleted by an authenticated caller when auth is on', async () => {
    const secret = 'test-secret-that-is-long-enough-for-hs256';
    await t.start({ DEMO_SIMULATION: 'on', AUTH_JWT_SECRET: secret });
    const token = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('operator-1')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));
    const demo = t.server.demoSimulationId!;
    expect((await call('DELETE', `/simulations/${demo}`)).status).toBe(401);
    expect(
      (
        await call('DELETE', `/simulations/${demo}`, undefined, {
          authorization: `Bearer ${token}`,
        })
      ).status,
    ).toBe(204);
    expect(t.server.hub.get(demo)).toBeUndefined();
  });
});

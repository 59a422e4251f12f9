import * as v from 'valibot';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  entityResponseSchema,
  eventsResponseSchema,
  simulationSummarySchema,
  snapshotResponseSchema,
  timelineResponseSchema,
} from '@simstream/protocol';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createManualSimulation, useTestServer } from '../serverTestkit.js';

const t = useTestServer({ HTTP_RATE_LIMIT: '1000' });

function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${t.url}/api/v1${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('REST /api/v1', () => {
  it('creates, lists, reads, pauses, resumes, resets and deletes simulations', async () => {
    const created = await call('POST', '/simulations', {
      id: 'sim-rest',
      seed: 7,
      banks: 6,
      autoStart: false,
    });
    expect(created.status).toBe(201);
    const summary = v.parse(simulationSummarySchema, await created.json());
    expect(summary).toMatchObject({ id: 'sim-rest', seed: 7, banks: 6 });

    const list = (await (await call('GET', '/simulations')).json()) as unknown[];
    expect(list.map((s) => v.parse(simulationSummarySchema, s).id)).toEqual(['sim-rest']);
    expect(
      v.parse(simulationSummarySchema, await (await call('GET', '/simulations/sim-rest')).json())
        .id,
    ).toBe('sim-rest');

    t.server.hub.get('sim-rest')!.stepNow();
    const snapshot = v.parse(
      snapshotResponseSchema,
      await (await call('GET', '/simulations/sim-rest/snapshot')).json(),
    );
    expect(snapshot.seq).toBe(t.server.hub.get('sim-rest')!.seq);
    expect(snapshot.snapshot.simulation_id).toBe('sim-rest');

    const events = v.parse(
      eventsResponseSchema,
      await (await call('GET', '/simulations/sim-rest/events?since=0&limit=2')).json(),
    );
    expect(events.events.map((e) => e.seq)).toEqual([1, 2].slice(0, events.events.length));
    expect(events.resync).toBe(false);

    const entityId = snapshot.snapshot.entities[0]!.id;
    const entity = v.parse(
      entityResponseSchema,
      await (await call('GET', `/simulations/sim-rest/entities/${entityId}`)).json(),
    );
    expect(entity).toMatchObject({ seq: snapshot.seq, entity: { id: entityId } });

    const resumed = await call('POST', '/simulations/sim-rest/resume');
    expect(v.parse(simulationSummarySchema, await resumed.json()).status).toBe('running');
    const paused = await call('POST', '/simulations/sim-rest/pause');
    expect(v.parse(simulationSummarySchema, await paused.json()).status).toBe('paused');
    const reset = await call('POST', '/simulations/sim-rest/reset');
    expect(v.parse(simulationSummarySchema, await reset.json()).timestep).toBe(0);

    const shock = await call('POST', '/simulations/sim-rest/shocks', {
      shock_type: 'asset_price_crash',
      target: 'real_estate',
      magnitude: -0.3,
    });
    expect(shock.status).toBe(202);
    expect(await shock.json()).toEqual({ queued: true });

    expect((await call('DELETE', '/simulations/sim-rest')).status).toBe(204);
    expect((await call('GET', '/simulations/sim-rest')).status).toBe(404);
  });

  it('serves the snapshot at a past timestep, the held range and the nearest one outside it', async () => {
    createManualSimulation(t, { id: 'sim-tl' });
    const runtime = t.server.hub.get('sim-tl')!;
    let streamedAt2: unknown;
    for (let i = 0; i < 4; i += 1)
      for (const e of runtime.stepNow())
        if (e.type === 'simulation_step' && e.data.timestep === 2) streamedAt2 = e.data.snapshot;
    const at2 = v.parse(
      timelineResponseSchema,
      await (await call('GET', '/simulations/sim-tl/timeline?timestep=2')).json(),
    );
    expect(at2.snapshot).toEqual(streamedAt2);
    expect(at2.held).toEqual({ from: 0, to: 4 });
    expect(at2.snapshot.exposures?.length).toBeGreaterThan(0);
    const beyond = v.parse(
      timelineResponseSchema,
      await (await call('GET', '/simulations/sim-tl/timeline?timestep=50')).json(),
    );
    expect([beyond.requested, beyond.snapshot.timestep]).toEqual([50, 4]);
    const bad = await call('GET', '/simulations/sim-tl/timeline?timestep=-1');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_message');
  });

  it('answers bad input with { error: { code, message, issues? } } and the right status', async () => {
    createManualSimulation(t, { id: 'sim-v' });
    const expectError = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(5);
      return body;
    };

    const bad = await expectError(
      await call('POST', '/simulations', { banks: 1, bogus: true }),
      400,
      'invalid_message',
    );
    expect((bad.error as { issues?: unknown[] }).issues?.length).toBeGreaterThan(0);
    await expectError(await call('POST', '/simulations', '{"banks": '), 400, 'invalid_message');
    await expectError(await call('POST', '/simulations', { id: 'sim-v' }), 409, 'conflict');
    await expectError(await call('GET', '/simulations/nope'), 404, 'unknown_simulation');
    await expectError(await call('GET', '/simulations/bad%20id!'), 400, 'invalid_message');
    await expectError(
      await call('GET', '/simulations/sim-v/events?since=-1'),
      400,
      'invalid_message',
    );
    await expectError(
      await call('GET', '/simulations/sim-v/entities/NOPE_1'),
      404,
      'unknown_entity',
    );
    await expectError(
      await call('POST', '/simulations/sim-v/shocks', {
        shock_type: 'asset_price_crash',
        target: 'gold',
        magnitude: -0.3,
      }),
      400,
      'invalid_message',
    );
    await expectError(
      await call('POST', '/simulations/sim-v/shocks', {
        shock_type: 'credit_loss',
        target: 'system',
        magnitude: 0.1,
        x: 1,
      }),
      400,
      'invalid_message',
    );
    await expectError(
      await call('POST', '/simulations', { id: 'x'.repeat(20), pad: 'y'.repeat(40_000) }),
      413,
      'payload_too_large',
    );
    await expectError(await call('POST', '/simulations/nope/pause'), 404, 'unknown_simulation');
    // Valid JSON with a forbidden key: refused by name, not as "not valid JSON".
    const proto = await expectError(
      await call('POST', '/simulations', '{"banks": 3, "__proto__": {"x": 1}}'),
      400,
      'invalid_message',
    );
    expect(proto.error.message).toContain('__proto__ is not an allowed key');
    const ctor = await expectError(
      await call('POST', '/simulations', '{"constructor": {"prototype": {}}}'),
      400,
      'invalid_message',
    );
    expect(ctor.error.message).toContain('constructor is not an allowed key');
    const route = await expectError(await call('GET', '/no-such-route'), 404, 'not_found');
    expect(route.error.message).toContain('No route GET /api/v1/no-such-route');
  });

  it('refuses a shock on a defaulted entity with 400 and says why', async () => {
    const runtime = createManualSimulation(t, { id: 'sim-dead' });
    runtime.stepNow();
    runtime.applyShock({ shock_type: 'credit_loss', target: 'BANK_002', magnitude: 1 });
    runtime.stepNow();
    expect(
      runtime.snapshot().snapshot.entities.find((e) => e.id === 'BANK_002')?.defaulted_at,
    ).not.toBeNull();
    const seq = runtime.seq;
    const res = await call('POST', '/simulations/sim-dead/shocks', {
      shock_type: 'deposit_run',
      target: 'BANK_002',
      magnitude: 0.3,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: 'invalid_message',
        message: 'BANK_002 has defaulted; shocks can target only entities still alive',
      },
    });
    runtime.stepNow();
    expect(runtime.eventsSince(seq).events.some((e) => e.type === 'shock_applied')).toBe(false);
  });

  it('rate-limits HTTP clients with 429 rate_limited', async () => {
    await t.start({ HTTP_RATE_LIMIT: '5' });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call('GET', '/simulations')).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    const limited = await call('GET', '/simulations');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('serves health, the test page and an index', async () => {
    const health = await (await fetch(`${t.url}/api/v1/health`)).json();
    expect(health).toMatchObject({
      status: 'ok',
      protocolVersion: 1,
      transport: { parser: 'json' },
    });
    const page = await fetch(`${t.url}/api/v1/ws/test`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('/api/v1/ws/simulation');
    // Self-contained: no external scripts, styles or fonts.
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\//);
    expect((await fetch(`${t.url}/`)).status).toBe(200);
  });

  it('sends CORS headers to allowed origins only', async () => {
    const allowed = await fetch(`${t.url}/api/v1/simulations`, {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const refused = await fetch(`${t.url}/api/v1/simulations`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('dashboard serving', () => {
  it('serves DASHBOARD_DIR at / with client-side routes falling back to index.html', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>dashboard</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    await t.start({ DASHBOARD_DIR: dir });

    expect(await (await fetch(`${t.url}/`)).text()).toContain('dashboard');
    expect(await (await fetch(`${t.url}/app.js`)).text()).toContain('console.log');
    writeFileSync(join(dir, 'later.js'), 'rebuilt()');
    expect(await (await fetch(`${t.url}/later.js`)).text()).toBe('rebuilt()');
    expect(await (await fetch(`${t.url}/simulations/abc`)).text()).toContain('dashboard');
    const api = await fetch(`${t.url}/api/v1/nothing-here`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({
      error: { code: 'not_found', message: expect.stringContaining('No route') },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { createHub } from '../hub.js';
import type { CoreHub, CoreRuntime } from '../types.js';
import { matchRestRoute } from './routeMatching.js';
import { createServerCore } from './serverCore.js';

/**
 * The embedded hub behind a `current` the test releases by hand — as a cluster node whose
 * replica is still reading up to the log's head.
 */
function catchingUpHub() {
  const hub = createHub({ clock: createManualClock() });
  const created = hub.create({ id: 'sim', banks: 6, funds: 1, autoStart: false });
  if (!created.ok) throw new Error(created.error.message);
  const waiting: Array<() => void> = [];
  const asked: string[] = [];
  const catchingUp: CoreHub = {
    create: (request) => hub.create(request),
    get: (id) => hub.get(id),
    list: () => hub.list(),
    remove: (id) => hub.remove(id),
    dispose: () => hub.dispose(),
    current: (id) => {
      asked.push(id);
      return new Promise<CoreRuntime | undefined>((resolve) =>
        waiting.push(() => resolve(hub.get(id))),
      );
    },
  };
  const catchUp = async () => {
    for (const release of waiting.splice(0)) release();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { core: createServerCore({ hub: catchingUp }), runtime: created.value, asked, catchUp };
}

const sink = { send: () => {}, notice: () => {} };

describe('reads on a hub that must catch up first (CoreHub.current)', () => {
  it('answers REST reads once current; mutations do not wait for it', async () => {
    const { core, asked, catchUp } = catchingUpHub();
    const get = matchRestRoute(core.routes, 'GET', '/simulations/sim/snapshot')!;
    const pending = get.route.handle({
      params: get.params,
      query: {},
      body: undefined,
      remote: 't',
    });
    expect(pending).toBeInstanceOf(Promise);
    expect(asked).toEqual(['sim']);
    await catchUp();
    expect(await pending).toMatchObject({ status: 200, body: { seq: 0 } });
    const pause = matchRestRoute(core.routes, 'POST', '/simulations/sim/pause')!;
    pause.route.handle({ params: pause.params, query: {}, body: undefined, remote: 't' });
    expect(asked).toEqual(['sim']);
  });

  it('keeps a connection’s subscribe and unsubscribe in the order sent', async () => {
    const { core, catchUp } = catchingUpHub();
    const connection = core.connect(sink, { id: 'c1', viewerId: 'v1' });
    const subscribed = connection.handle('subscribe', { simulationId: 'sim' });
    const unsubscribed = connection.handle('unsubscribe', { simulationId: 'sim' });
    await catchUp();
    expect(await subscribed).toMatchObject({ ok: true });
    expect(await unsubscribed).toMatchObject({ ok: true });
    expect(connection.subscriptions.size).toBe(0);
    expect(core.fanout.viewerCount('sim')).toBe(0);
  });

  it('does not subscribe a connection that closed while it caught up', async () => {
    const { core, catchUp } = catchingUpHub();
    const connection = core.connect(sink, { id: 'c1', viewerId: 'v1' });
    const subscribed = connection.handle('subscribe', { simulationId: 'sim' });
    connection.close();
    await catchUp();
    expect(await subscribed).toMatchObject({ ok: false, error: { code: 'not_subscribed' } });
    expect(core.fanout.viewerCount('sim')).toBe(0);
  });
});

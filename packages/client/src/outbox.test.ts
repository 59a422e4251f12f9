import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStorage } from './outbox.js';
import { decisionEvent, snapshotAt } from './testing/fixtures.js';
import { setup } from './testing/harness.js';
import { type HubServer, hubServer } from './testing/hubServer.js';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const answersSent = (server: HubServer) =>
  server.emitted.filter((e) => e.event === 'decision:answer');

describe('decision outbox', () => {
  it('delivers an answer given while offline exactly once after the reconnect', async () => {
    const { client, server } = setup();
    client.watch('sim');
    await vi.advanceTimersByTimeAsync(0);
    server.publish('sim', [decisionEvent('d1', 1)]);
    server.up = false;

    const result = client.answerDecision({
      simulationId: 'sim',
      decisionId: 'd1',
      choice: 'alternative',
    });
    expect(client.getSnapshot().outbox).toHaveLength(1);
    const key = client.getSnapshot().outbox[0]!.idempotencyKey;
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(answersSent(server)).toHaveLength(0);

    server.up = true;
    await vi.advanceTimersByTimeAsync(3_000);
    await expect(result).resolves.toMatchObject({
      ok: true,
      status: 'accepted',
      choice: 'alternative',
    });
    expect(answersSent(server)).toHaveLength(1);
    expect(answersSent(server)[0]!.payload).toEqual({
      simulationId: 'sim',
      decisionId: 'd1',
      choice: 'alternative',
      idempotencyKey: key,
    });
    expect(client.getSnapshot().outbox).toHaveLength(0);

    // Later reconnects do not send it again.
    server.drop();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(answersSent(server)).toHaveLength(1);
  });

  it('resends an unacknowledged answer after a reconnect with the same idempotency key', async () => {
    const { client, server } = setup();
    client.watch('sim');
    await vi.advanceTimersByTimeAsync(0);
    server.publish('sim', [decisionEvent('d1', 1)]);
    server.faults.unanswered.add('decision:answer');
    const result = client.answerDecision({
      simulationId: 'sim',
      decisionId: 'd1',
      choice: 'recommended',
    });
    // The answer left, the ack never came back.
    server.faults.unanswered.delete('decision:answer');
    server.drop();
    await vi.advanceTimersByTimeAsync(3_000);
    await expect(result).resolves.toMatchObject({ status: 'accepted' });
    const sent = answersSent(server);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.payload).toEqual(sent[1]!.payload);
  });

  it('survives a reload: a new client with the same storage sends the stored answer', async () => {
    const storage = createMemoryStorage();
    const server = hubServer();
    server.createSimulation('sim', snapshotAt('sim', 0));
    server.publish('sim', [decisionEvent('d1', 1)]);
    server.up = false;
    const first = setup({ storage }, server).client;
    first.watch('sim');
    void first.answerDecision({
      simulationId: 'sim',
      decisionId: 'd1',
      choice: 'alternative',
      idempotencyKey: 'key-1',
    });
    await vi.advanceTimersByTimeAsync(0);
    first.destroy(); // the page goes away before the answer left

    server.up = true;
    const reloaded = setup({ storage }, server).client;
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(answersSent(server).map((e) => e.payload)).toEqual([
      { simulationId: 'sim', decisionId: 'd1', choice: 'alternative', idempotencyKey: 'key-1' },
    ]);
    expect(reloaded.getSnapshot().outbox).toHaveLength(0);
    expect(storage.getItem('simstream:outbox:http://sim.test')).toBeNull();
  });

  it('returns the ack status when someone else decided first', async () => {
    const { client, server } = setup();
    client.watch('sim');
    await vi.advanceTimersByTimeAsync(0);
    server.publish('sim', [decisionEvent('d1', 1)]);
    await client.answerDecision({ simulationId: 'sim', decisionId: 'd1', choice: 'recommended' });
    const second = await client.answerDecision({
      simulationId: 'sim',
      decisionId: 'd1',
      choice: 'alternative',
    });
    expect(second).toMatchObject({ ok: true, status: 'already_decided', choice: 'recommended' });
    expect(answersSent(server)).toHaveLength(2);
  });
});

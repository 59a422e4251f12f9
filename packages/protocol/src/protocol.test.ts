import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type ClientToServerEvents,
  type DecisionAnswerAck,
  EVENT_TYPES,
  type Envelope,
  type EventBatch,
  type ServerToClientEvents,
  type SubscribeAck,
  decisionAnswerRequestSchema,
  envelopeSchema,
  eventBatchSchema,
  parseJsonMessage,
  parseMessage,
  seedMessageSchema,
  shockInputSchema,
  subscribeAckSchema,
  subscribeRequestSchema,
  toEnvelope,
  toSeedMessage,
} from './index.js';
import { sampleEvents } from './testing/fixtures.js';

const envelopes = sampleEvents().map((event, i) =>
  toEnvelope(event, {
    seq: i + 1,
    simulationId: 'sim-test',
    timestamp: '2026-02-08T10:30:45.123Z',
  }),
);

describe('envelopes', () => {
  it('covers every event type in the fixtures', () => {
    expect(new Set(envelopes.map((e) => e.type))).toEqual(new Set(EVENT_TYPES));
  });

  it.each(envelopes.map((e) => [e.type, e] as const))(
    '%s round-trips through JSON and the schema',
    (_t, envelope) => {
      const parsed = parseMessage(envelopeSchema, JSON.parse(JSON.stringify(envelope)));
      expect(parsed).toEqual({ ok: true, value: envelope });
    },
  );

  it("keeps the seed's exact data field names", () => {
    const keys = (type: string) => Object.keys(envelopes.find((e) => e.type === type)!.data);
    expect(keys('simulation_step')).toEqual([
      'timestep',
      'snapshot',
      'system_health',
      'alive_agents',
    ]);
    expect(keys('entity_default')).toEqual(['entity_id', 'entity_type', 'timestep']);
    expect(keys('shock_applied')).toEqual(['shock_type', 'target', 'magnitude', 'timestep']);
    expect(keys('pending_decision').slice(0, 5)).toEqual([
      'decision_id',
      'title',
      'description',
      'recommended_action',
      'alternative_action',
    ]);
  });

  it('reduces to the seed message {type, timestamp, data}', () => {
    for (const envelope of envelopes) {
      const seed = toSeedMessage(envelope);
      expect(Object.keys(seed)).toEqual(['type', 'timestamp', 'data']);
      expect(parseMessage(seedMessageSchema, seed).ok).toBe(true);
    }
  });

  it('carries several envelopes in one batch frame', () => {
    const batch: EventBatch = {
      v: 1,
      simulationId: 'sim-test',
      fromSeq: 1,
      toSeq: 9,
      events: envelopes,
    };
    expect(parseMessage(eventBatchSchema, JSON.parse(JSON.stringify(batch)))).toEqual({
      ok: true,
      value: batch,
    });
  });

  it('rejects batches out of order or from another simulation', () => {
    const swapped = {
      v: 1,
      simulationId: 'sim-test',
      fromSeq: 1,
      toSeq: 9,
      events: [envelopes[1], envelopes[0]],
    };
    const r1 = parseMessage(eventBatchSchema, swapped, 'batch');
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.error.message).toMatch(/increasing seq order/);
    const foreign = { v: 1, simulationId: 'other', fromSeq: 1, toSeq: 1, events: [envelopes[0]] };
    const r2 = parseMessage(eventBatchSchema, foreign, 'batch');
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error.message).toMatch(/another simulation/);
  });
});

describe('untrusted input is rejected with a clear message', () => {
  const base = {
    simulationId: 'sim-1',
    decisionId: 'DEC-1',
    choice: 'recommended',
    idempotencyKey: 'k-1',
  };

  it('accepts a valid command', () => {
    expect(parseMessage(decisionAnswerRequestSchema, base, 'decision:answer')).toEqual({
      ok: true,
      value: base,
    });
  });

  it.each([
    ['a wrong type', { ...base, choice: 3 }, /choice/],
    ['an unknown choice', { ...base, choice: 'maybe' }, /choice/],
    ['a missing field', { simulationId: 'sim-1' }, /decisionId/],
    ['an unknown field', { ...base, extra: true }, /extra|Unrecognized/i],
    ['an oversized id', { ...base, decisionId: 'x'.repeat(500) }, /at most 128/],
    ['an id with a path', { ...base, simulationId: '../etc' }, /letters, digits/],
    ['a non-object', 'hello', /object/i],
    ['null', null, /object/i],
  ])('%s', (_name, input, message) => {
    const result = parseMessage(decisionAnswerRequestSchema, input, 'decision:answer');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_message');
      expect(result.error.message).toMatch(/^Invalid decision:answer: /);
      expect(result.error.message).toMatch(message);
    }
  });

  it('refuses __proto__ keys without polluting prototypes', () => {
    const input = JSON.parse('{"simulationId":"sim-1","__proto__":{"polluted":true}}');
    const result = parseMessage(subscribeRequestSchema, input, 'subscribe');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/__proto__ is not an allowed key/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses constructor keys nested deep inside', () => {
    const input = { simulationId: 'sim-1', types: [{ constructor: { prototype: 1 } }] };
    const result = parseMessage(subscribeRequestSchema, input, 'subscribe');
    expect(result.ok).toBe(false);
  });

  it('refuses unknown event types in a filter', () => {
    const result = parseMessage(
      subscribeRequestSchema,
      { simulationId: 's', types: ['bogus'] },
      'subscribe',
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues?.[0]?.path).toBe('types.0');
  });

  // A peer learns from the sentence alone what to fix: the field, what was expected, what came.
  it('words the default messages so a peer knows what to fix', () => {
    const extra = parseMessage(
      decisionAnswerRequestSchema,
      { ...base, extra: true },
      'decision:answer',
    );
    expect(extra.ok || extra.error.message).toBe(
      'Invalid decision:answer: extra: Invalid key: Expected never but received "extra".',
    );
    const long = parseMessage(
      shockInputSchema,
      { shock_type: 'deposit_run', target: 'system', magnitude: 2 },
      'shock',
    );
    expect(long.ok || long.error.message).toBe(
      'Invalid shock: magnitude: Invalid value: Expected <=1 but received 2.',
    );
    const type = parseMessage(
      subscribeRequestSchema,
      { simulationId: 's', sinceSeq: 1.5 },
      'subscribe',
    );
    expect(type.ok || type.error.message).toBe(
      'Invalid subscribe: sinceSeq: Invalid integer: Received 1.5.',
    );
  });

  it('refuses over-deep nesting', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { a: deep };
    const result = parseMessage(subscribeRequestSchema, deep, 'subscribe');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/nested deeper/);
  });

  it('refuses a missing payload', () => {
    const result = parseMessage(subscribeRequestSchema, undefined, 'subscribe');
    expect(result.ok).toBe(false);
  });

  it('parses JSON text, refusing bad JSON and oversized text', () => {
    expect(parseJsonMessage(subscribeRequestSchema, '{"simulationId":"s"}').ok).toBe(true);
    const bad = parseJsonMessage(subscribeRequestSchema, '{nope');
    expect(bad.ok || bad.error.message).toMatch(/not valid JSON/);
    const big = parseJsonMessage(
      subscribeRequestSchema,
      JSON.stringify({ simulationId: 'x'.repeat(20_000) }),
    );
    expect(big.ok || big.error.code).toBe('payload_too_large');
  });

  it('refuses envelopes of an unknown type or protocol version', () => {
    const e = envelopes[2]!;
    expect(parseMessage(envelopeSchema, { ...e, type: 'explosion' }).ok).toBe(false);
    expect(parseMessage(envelopeSchema, { ...e, v: 2 }).ok).toBe(false);
    expect(parseMessage(envelopeSchema, { ...e, seq: 0 }).ok).toBe(false);
  });

  it('validates shocks by kind', () => {
    expect(
      parseMessage(shockInputSchema, {
        shock_type: 'asset_price_crash',
        target: 'real_estate',
        magnitude: -0.3,
      }).ok,
    ).toBe(true);
    const wrongTarget = parseMessage(shockInputSchema, {
      shock_type: 'asset_price_crash',
      target: 'BANK_001',
      magnitude: -0.3,
    });
    expect(wrongTarget.ok || wrongTarget.error.message).toMatch(/asset class/);
    const positiveCrash = parseMessage(shockInputSchema, {
      shock_type: 'asset_price_crash',
      target: 'equities',
      magnitude: 0.3,
    });
    expect(positiveCrash.ok || positiveCrash.error.message).toMatch(/\[-1, 0\)/);
    expect(
      parseMessage(shockInputSchema, {
        shock_type: 'deposit_run',
        target: 'BANK_003',
        magnitude: 0.2,
      }).ok,
    ).toBe(true);
  });

  it('validates acks', () => {
    expect(
      v.safeParse(subscribeAckSchema, {
        ok: true,
        simulationId: 's',
        currentSeq: 3,
        epoch: 'e1',
        replayed: 2,
        resync: false,
      }).success,
    ).toBe(true);
    // Without the epoch a client could not tell a restarted server from the one it knew.
    expect(
      v.safeParse(subscribeAckSchema, {
        ok: true,
        simulationId: 's',
        currentSeq: 3,
        replayed: 2,
        resync: false,
      }).success,
    ).toBe(false);
    expect(
      v.safeParse(subscribeAckSchema, {
        ok: false,
        error: { code: 'unknown_simulation', message: 'No such simulation.' },
      }).success,
    ).toBe(true);
    expect(
      v.safeParse(subscribeAckSchema, { ok: false, error: { code: 'made_up', message: 'x' } })
        .success,
    ).toBe(false);
  });
});

describe('typed event maps', () => {
  it('derive payload and ack types (checked by npm run typecheck)', () => {
    expectTypeOf<Parameters<ServerToClientEvents['events']>[0]>().toEqualTypeOf<EventBatch>();
    expectTypeOf<
      Parameters<Parameters<ClientToServerEvents['subscribe']>[1]>[0]
    >().toEqualTypeOf<SubscribeAck>();
    expectTypeOf<
      Parameters<Parameters<ClientToServerEvents['decision:answer']>[1]>[0]
    >().toEqualTypeOf<DecisionAnswerAck>();
    expectTypeOf<
      Extract<Envelope, { type: 'shock_applied' }>['data']['magnitude']
    >().toEqualTypeOf<number>();
    expectTypeOf<Extract<Envelope, { type: 'entity_default' }>['data']>().toHaveProperty(
      'entity_id',
    );
    expectTypeOf<Extract<Envelope, { type: 'entity_default' }>['data']>().toHaveProperty(
      // @ts-expect-error — a data field of another event type is not on this one
      'magnitude',
    );
  });
});

import { DECISIONS_KEPT, type EngineEvent, type Envelope, toEnvelope } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { applyDecisionEvents } from './decisionsList.js';
import { decisionEvent } from './testing/fixtures.js';

const stamp = (events: EngineEvent[]): Envelope[] =>
  events.map(
    (event, i) =>
      toEnvelope(event, {
        seq: i + 1,
        simulationId: 'sim',
        timestamp: '2030-01-01T00:00:00.000Z',
      }) as Envelope,
  );

const status = (
  value: 'paused' | 'running',
  deadlines: Array<{ decision_id: string; deadline_at: string | null }>,
): EngineEvent => ({
  type: 'simulation_status',
  data: { status: value, reason: 'operator', timestep: 3, deadlines },
});

describe('decisions list: deadlines moved by pause and resume', () => {
  it('a pause clears and a resume sets the deadline of pending decisions, as the REST list does', () => {
    const later = '2030-01-01T00:05:00.000Z';
    const paused = applyDecisionEvents(
      [],
      stamp([
        decisionEvent('DEC-1', 1),
        status('paused', [{ decision_id: 'DEC-1', deadline_at: null }]),
      ]),
    );
    expect(paused[0]).toMatchObject({ decision_id: 'DEC-1', status: 'pending', deadline_at: null });
    const resumed = applyDecisionEvents(
      paused,
      stamp([status('running', [{ decision_id: 'DEC-1', deadline_at: later }])]),
    );
    expect(resumed[0]?.deadline_at).toBe(later);
  });

  it('leaves resolved decisions and unchanged lists alone (same list object)', () => {
    const list = applyDecisionEvents([], stamp([decisionEvent('DEC-1', 1)]));
    const same = applyDecisionEvents(
      list,
      stamp([status('paused', [{ decision_id: 'DEC-1', deadline_at: list[0]!.deadline_at }])]),
    );
    expect(same).toBe(list);
  });
});

describe('decisions list: as long as the server’s', () => {
  it('keeps the newest DECISIONS_KEPT, like GET …/decisions, so live and reloaded viewers agree', () => {
    const raised = Array.from({ length: DECISIONS_KEPT + 5 }, (_, i) =>
      decisionEvent(`DEC-${i}`, i),
    );
    const list = applyDecisionEvents([], stamp(raised));
    expect(list).toHaveLength(DECISIONS_KEPT);
    expect(list[0]?.decision_id).toBe('DEC-5');
    expect(list.at(-1)?.decision_id).toBe(`DEC-${DECISIONS_KEPT + 4}`);
  });
});

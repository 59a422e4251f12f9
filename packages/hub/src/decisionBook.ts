import {
  type DecisionAnswerAck,
  type DecisionAnswerOk,
  type DecisionResolvedData,
  type DecisionRecord,
  DECISIONS_KEPT,
  type PendingDecisionData,
} from '@simstream/protocol';

/** How many decisions `decisions()` keeps (oldest dropped first): the protocol's number. */
export { DECISIONS_KEPT };
/** How many idempotency keys are remembered per simulation (oldest forgotten first). */
export const IDEMPOTENCY_KEYS_KEPT = 5_000;

/**
 * The decisions of one simulation and the acks already given, so each decision is decided
 * exactly once and a repeated idempotency key gets the very same ack. Transport-free: the
 * runtime feeds it the engine's `pending_decision` / `decision_resolved` events.
 *
 * @example
 * const book = new DecisionBook();
 * book.recordPending(pendingData);
 * book.ackFor('key-1'); // undefined until an answer with that key was acked
 */
export class DecisionBook {
  readonly #records = new Map<string, DecisionRecord>();
  readonly #acks = new Map<string, DecisionAnswerAck>();
  readonly #maxRecords: number;
  readonly #maxKeys: number;

  constructor(maxRecords = DECISIONS_KEPT, maxKeys = IDEMPOTENCY_KEYS_KEPT) {
    this.#maxRecords = maxRecords;
    this.#maxKeys = maxKeys;
  }

  recordPending(data: PendingDecisionData): void {
    // Re-insert so a re-raised id moves to the end (newest last).
    this.#records.delete(data.decision_id);
    this.#records.set(data.decision_id, { ...data, status: 'pending', resolution: null });
    while (this.#records.size > this.#maxRecords) {
      const oldest = this.#records.keys().next().value as string;
      this.#records.delete(oldest);
    }
  }

  recordResolved(data: DecisionResolvedData): void {
    const record = this.#records.get(data.decision_id);
    if (!record) return;
    this.#records.set(data.decision_id, {
      ...record,
      status: 'resolved',
      resolution: {
        choice: data.choice,
        resolved_by: data.resolved_by,
        answered_by: data.answered_by,
        timestep: data.timestep,
      },
    });
  }

  /** Update the wall-clock deadline of a pending decision (it moves with pause and resume). */
  setDeadlineAt(decisionId: string, deadlineAt: string | null): void {
    const record = this.#records.get(decisionId);
    if (record && record.status === 'pending')
      this.#records.set(decisionId, { ...record, deadline_at: deadlineAt });
  }

  get(decisionId: string): DecisionRecord | undefined {
    return this.#records.get(decisionId);
  }

  pending(): DecisionRecord[] {
    return [...this.#records.values()].filter((r) => r.status === 'pending');
  }

  /** All kept decisions, pending and resolved, newest last (copies). */
  list(): DecisionRecord[] {
    return [...this.#records.values()].map((r) => ({ ...r }));
  }

  /** The ack for an already-resolved decision: who won and how. */
  ackForResolved(record: DecisionRecord): DecisionAnswerOk | undefined {
    if (!record.resolution) return undefined;
    return {
      ok: true,
      status: record.resolution.resolved_by === 'deadline' ? 'expired' : 'already_decided',
      decisionId: record.decision_id,
      choice: record.resolution.choice,
      resolvedBy: record.resolution.resolved_by,
    };
  }

  ackFor(idempotencyKey: string): DecisionAnswerAck | undefined {
    return this.#acks.get(idempotencyKey);
  }

  rememberAck(idempotencyKey: string, ack: DecisionAnswerAck): void {
    this.#acks.set(idempotencyKey, ack);
    while (this.#acks.size > this.#maxKeys) {
      const oldest = this.#acks.keys().next().value as string;
      this.#acks.delete(oldest);
    }
  }

  /** The acks given, oldest first (for a runtime checkpoint). */
  acks(): Array<[string, DecisionAnswerAck]> {
    return [...this.#acks];
  }

  /** Hold exactly what a checkpoint kept: `records` and `acks` in their order, oldest first. */
  restore(records: readonly DecisionRecord[], acks: ReadonlyArray<[string, DecisionAnswerAck]>) {
    this.clear();
    for (const record of records) this.#records.set(record.decision_id, { ...record });
    for (const [key, ack] of acks) this.#acks.set(key, ack);
  }

  clear(): void {
    this.#records.clear();
    this.#acks.clear();
  }
}

import { type ProtocolError, protocolError } from '@simstream/protocol';

/**
 * What a cluster node answers when it cannot carry a mutation out right now, through no
 * fault of the call: 503 `unavailable` (REST adds `Retry-After`), the same sentence in a
 * socket ack. The call succeeds once Redis is back or the simulation has its next owner.
 */
export const refusals = {
  /** Redis is unreachable: nothing can be logged, so nothing is applied. */
  redisUnreachable: (): ProtocolError =>
    protocolError(
      'unavailable',
      'Redis is unreachable, so nothing can be logged; the simulation waits until it returns — retry in a moment.',
    ),
  /** The owner lost or handed over its lease before logging the command: it was not applied. */
  changingOwner: (): ProtocolError =>
    protocolError('unavailable', 'The simulation is changing owner; retry in a moment.'),
  /**
   * No owner answered within `ms`: the command stays queued for the next owner, which may
   * still apply it, so a resend of anything but an idempotent answer can apply twice.
   */
  ownerSilent: (simulationId: string, ms: number): ProtocolError =>
    protocolError(
      'unavailable',
      `The simulation "${simulationId}" is changing owner and no node took the command within ${Math.round(ms / 1000)} s; its next owner applies it when it takes over — check the simulation before sending it again (a decision answer's idempotency key keeps it once).`,
    ),
};

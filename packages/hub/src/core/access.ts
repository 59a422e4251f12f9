import type { ProtocolError } from '@simstream/protocol';

/** What a token lets its holder do, from least to most. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a caller may do, taken from its verified token: its role and the simulations it may
 * see and operate (`'*'`: all). An `admin` creates and deletes any simulation and may act on
 * every one of them; `operator` shocks, pauses, resumes, resets and answers; `viewer` reads
 * and subscribes. No grant at all means an open server (no auth configured).
 *
 * @example
 * const grant: Grant = { role: 'operator', simulations: ['sim-1'] };
 */
export interface Grant {
  role: Role;
  simulations: '*' | readonly string[];
}

/** What a call needs: to read/subscribe, to operate a simulation, or to create/delete. */
export type Access = 'read' | 'operate' | 'admin';

const NEEDED_ROLE: Record<Access, Role> = { read: 'viewer', operate: 'operator', admin: 'admin' };

/**
 * Whether `grant` may see simulation `simulationId` at all (lists filter with it).
 *
 * @example
 * hub.list().filter((runtime) => maySee(request.grant, runtime.id));
 */
export function maySee(grant: Grant | undefined, simulationId: string): boolean {
  if (!grant || grant.role === 'admin' || grant.simulations === '*') return true;
  return grant.simulations.includes(simulationId);
}

/**
 * The one authorization check of the core, used by every command and REST row: null when
 * `grant` allows `access` (on `simulationId`, when the call names one), else a `forbidden`
 * error with a sentence saying what is missing.
 *
 * @example
 * const denied = authorize(connection.grant, 'read', 'sim-1');
 * if (denied) return errorAck(denied.code, denied.message);
 */
export function authorize(
  grant: Grant | undefined,
  access: Access,
  simulationId: string | null,
): ProtocolError | null {
  if (!grant) return null;
  const needed = NEEDED_ROLE[access];
  if (ROLES.indexOf(grant.role) < ROLES.indexOf(needed)) {
    return {
      code: 'forbidden',
      message: `This needs the "${needed}" role; your token has "${grant.role}".`,
    };
  }
  if (simulationId !== null && !maySee(grant, simulationId)) {
    return {
      code: 'forbidden',
      message: `Your token does not grant access to simulation "${simulationId}".`,
    };
  }
  return null;
}

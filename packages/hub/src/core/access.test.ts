import { describe, expect, it } from 'vitest';
import { authorize, maySee } from './access.js';

describe('authorize', () => {
  it('lets no grant (an open server) do everything', () => {
    expect(authorize(undefined, 'admin', 'sim-a')).toBeNull();
  });

  it('orders roles viewer < operator < admin', () => {
    const viewer = { role: 'viewer', simulations: '*' } as const;
    const operator = { role: 'operator', simulations: '*' } as const;
    expect(authorize(viewer, 'read', 'sim-a')).toBeNull();
    expect(authorize(viewer, 'operate', 'sim-a')?.code).toBe('forbidden');
    expect(authorize(operator, 'operate', 'sim-a')).toBeNull();
    expect(authorize(operator, 'admin', null)?.message).toContain('"admin" role');
  });

  it('limits a scoped grant to its simulations, except for an admin', () => {
    const scoped = { role: 'operator', simulations: ['sim-a'] } as const;
    expect(authorize(scoped, 'operate', 'sim-a')).toBeNull();
    expect(authorize(scoped, 'read', 'sim-b')?.message).toContain('"sim-b"');
    expect(maySee(scoped, 'sim-b')).toBe(false);
    expect(maySee({ role: 'admin', simulations: [] }, 'sim-b')).toBe(true);
  });
});

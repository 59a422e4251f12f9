import { describe, expect, it } from 'vitest';
import { readUrlSettings } from './urlSettings.js';

describe('readUrlSettings', () => {
  it('reads the simulation and the reconnect policy', () => {
    expect(readUrlSettings('?sim=test-sim-123&reconnectAttempts=3&reconnectDelayMs=300')).toEqual({
      simulationId: 'test-sim-123',
      reconnectAttempts: 3,
      reconnectDelayMs: 300,
      serverUrl: undefined,
    });
  });

  it('falls back to defaults for missing or unusable values', () => {
    expect(readUrlSettings('?sim=../etc&reconnectAttempts=-1&reconnectDelayMs=abc')).toEqual({
      simulationId: null,
      reconnectAttempts: undefined,
      reconnectDelayMs: undefined,
      serverUrl: undefined,
    });
    expect(readUrlSettings('').simulationId).toBeNull();
  });
});

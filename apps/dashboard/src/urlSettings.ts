/**
 * Settings the dashboard reads from its URL, so a link (or a test) can pin a simulation and
 * tune reconnection without a rebuild:
 * - `?sim=<id>` — the simulation shown (the picker writes it back).
 * - `?reconnectAttempts=<n>` and `?reconnectDelayMs=<ms>` — the stream client's retry policy
 *   (default: the kit's, i.e. the spec's 5 attempts 3 s apart).
 * - `?server=<url>` — a stream server other than this page's origin.
 */
export interface UrlSettings {
  simulationId: string | null;
  reconnectAttempts: number | undefined;
  reconnectDelayMs: number | undefined;
  serverUrl: string | undefined;
}

function positiveInt(raw: string | null, max: number): number | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 0 && value <= max ? value : undefined;
}

/**
 * Parse the settings from a query string; values out of range are ignored, not clamped, so a
 * typo falls back to the default instead of producing a surprising policy.
 *
 * @example
 * readUrlSettings('?sim=test-sim-123&reconnectAttempts=3&reconnectDelayMs=300');
 * // → { simulationId: 'test-sim-123', reconnectAttempts: 3, reconnectDelayMs: 300, serverUrl: undefined }
 */
export function readUrlSettings(search: string): UrlSettings {
  const params = new URLSearchParams(search);
  const sim = params.get('sim');
  return {
    simulationId: sim && /^[A-Za-z0-9_.:-]{1,128}$/.test(sim) ? sim : null,
    reconnectAttempts: positiveInt(params.get('reconnectAttempts'), 1_000),
    reconnectDelayMs: positiveInt(params.get('reconnectDelayMs'), 600_000),
    serverUrl: params.get('server') ?? undefined,
  };
}

import {
  type CreateSimulationRequest,
  createSimulationRequestSchema,
  parseMessage,
  protocolError,
} from '@simstream/protocol';
import { createEngine, MODEL_PRESETS, type ModelPreset } from '@simstream/simulation';
import { systemClock } from './clock.js';
import { createSimulationRuntime } from './runtime.js';
import type {
  EngineFactory,
  HubOptions,
  HubResult,
  RuntimeDefaults,
  SimulationHub,
  SimulationRuntime,
} from './types.js';

/**
 * The defaults `create()` merges a request into (overridable per hub with `options.defaults`).
 *
 * @example
 * createHub({ defaults: { stepIntervalMs: RUNTIME_DEFAULTS.stepIntervalMs / 2 } });
 */
export const RUNTIME_DEFAULTS: Readonly<RuntimeDefaults> = Object.freeze({
  seed: 42,
  preset: 'default',
  meanDegree: 4,
  banks: 25,
  funds: 5,
  density: 0.2,
  stepIntervalMs: 1000,
  maxTimesteps: null,
  decisionPolicy: Object.freeze({ npaThreshold: 0.08, pauseOnDecision: false, deadlineSteps: 10 }),
  autoStart: true,
});

/** The hub settings a model preset decides (its sizes and run length), over the hub's defaults. */
type PresetSettings = Partial<
  Pick<RuntimeDefaults, 'banks' | 'funds' | 'density' | 'maxTimesteps' | 'meanDegree'>
>;

/**
 * The settings a preset brings to a simulation created from it: `gai-kapadia` means 1,000 banks,
 * no funds and 30 steps unless the request says otherwise. The work budget sizes a request with it.
 *
 * @example
 * presetSettings('gai-kapadia').banks; // 1000
 */
export function presetSettings(preset: CreateSimulationRequest['preset']): PresetSettings {
  const config: ModelPreset['config'] = MODEL_PRESETS[preset ?? 'default'].config;
  const picked: PresetSettings = {};
  if (config.banks !== undefined) picked.banks = config.banks;
  if (config.funds !== undefined) picked.funds = config.funds;
  if (config.density !== undefined) picked.density = config.density;
  if (config.maxTimesteps !== undefined) picked.maxTimesteps = config.maxTimesteps;
  if (config.meanDegree !== undefined) picked.meanDegree = config.meanDegree;
  return picked;
}

const defaultEngineFactory: EngineFactory = (config) => createEngine(config);

let idCounter = 0;

/**
 * `sim-` + 8 hex chars from crypto.randomUUID where there is one, a counter otherwise.
 *
 * @example
 * generateSimulationId((id) => runtimes.has(id)); // 'sim-3f9c2a1b'
 */
export function generateSimulationId(taken: (id: string) => boolean): string {
  for (;;) {
    const uuid = globalThis.crypto?.randomUUID?.();
    idCounter += 1;
    const id = uuid ? `sim-${uuid.slice(0, 8)}` : `sim-${idCounter.toString(36).padStart(6, '0')}`;
    if (!taken(id)) return id;
  }
}

/**
 * A hub's defaults: `RUNTIME_DEFAULTS` with the given fields (and decision policy fields) over them.
 *
 * @example
 * hubRuntimeDefaults({ stepIntervalMs: 50 }).stepIntervalMs; // 50
 */
export function hubRuntimeDefaults(defaults?: Partial<RuntimeDefaults>): RuntimeDefaults {
  return {
    ...RUNTIME_DEFAULTS,
    ...defaults,
    decisionPolicy: { ...RUNTIME_DEFAULTS.decisionPolicy, ...defaults?.decisionPolicy },
  };
}

/**
 * Validate a create request and merge it over the hub's defaults and its preset's settings:
 * the settings a new simulation runs with, and the id it asked for (if any). Every hub — the
 * embedded one and a cluster node's — creates through it.
 *
 * @example
 * const resolved = resolveSimulationRequest({ seed: 7 }, hubRuntimeDefaults());
 * if (resolved.ok) resolved.value.settings.seed; // 7
 */
export function resolveSimulationRequest(
  request: CreateSimulationRequest,
  hubDefaults: RuntimeDefaults,
): HubResult<{ requestedId: string | undefined; settings: RuntimeDefaults }> {
  const parsed = parseMessage(createSimulationRequestSchema, request, 'simulation request');
  if (!parsed.ok) return parsed;
  const { id: requestedId, decisionPolicy, ...fields } = parsed.value;
  const definedFields = Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  );
  const settings: RuntimeDefaults = {
    ...hubDefaults,
    ...presetSettings(fields.preset),
    ...definedFields,
    decisionPolicy: {
      ...hubDefaults.decisionPolicy,
      ...Object.fromEntries(
        Object.entries(decisionPolicy ?? {}).filter(([, v]) => v !== undefined),
      ),
    },
  };
  return { ok: true, value: { requestedId, settings } };
}

/**
 * The transport-free simulation runtime shared by the server and the mock: creates and
 * keeps simulations, each driven on the injected clock.
 *
 * @example
 * const hub = createHub({ clock: systemClock, logCapacity: 5_000 });
 * const created = hub.create({ seed: 7, stepIntervalMs: 500 });
 * if (created.ok) created.value.onEvents((events) => io.to(created.value.id).emit('events', toBatch(events)));
 */
export function createHub(options: HubOptions = {}): SimulationHub {
  const clock = options.clock ?? systemClock;
  const logCapacity = options.logCapacity ?? 5_000;
  const keyframeInterval = options.keyframeInterval ?? 10;
  const maxSimulations = options.maxSimulations ?? 100;
  const engineFactory = options.createEngine ?? defaultEngineFactory;
  const hubDefaults = hubRuntimeDefaults(options.defaults);
  const runtimes = new Map<string, SimulationRuntime>();

  return {
    create(request: CreateSimulationRequest = {}): HubResult<SimulationRuntime> {
      const resolved = resolveSimulationRequest(request, hubDefaults);
      if (!resolved.ok) return resolved;
      const { requestedId, settings } = resolved.value;
      if (requestedId !== undefined && runtimes.has(requestedId)) {
        return {
          ok: false,
          error: protocolError(
            'conflict',
            `A simulation with id ${requestedId} already exists; pick another id.`,
          ),
        };
      }
      if (runtimes.size >= maxSimulations) {
        return {
          ok: false,
          error: protocolError(
            'conflict',
            `This hub already runs ${runtimes.size} simulations, its limit; remove one first.`,
          ),
        };
      }
      const id = requestedId ?? generateSimulationId((candidate) => runtimes.has(candidate));
      const runtime = createSimulationRuntime({
        id,
        settings,
        clock,
        createEngine: engineFactory,
        logCapacity,
        keyframeInterval,
        ...(options.onError ? { onError: options.onError } : {}),
      });
      runtimes.set(id, runtime);
      return { ok: true, value: runtime };
    },
    get: (id) => runtimes.get(id),
    list: () => [...runtimes.values()],
    remove(id) {
      const runtime = runtimes.get(id);
      if (!runtime) return false;
      runtime.dispose();
      runtimes.delete(id);
      return true;
    },
    dispose() {
      for (const runtime of runtimes.values()) runtime.dispose();
      runtimes.clear();
    },
  };
}

import type { CreateSimulationRequest, ModelPresetName } from '@simstream/protocol';
import { useCreateSimulation } from '@simstream/react';
import { type FormEvent, type KeyboardEvent, useId, useRef, useState } from 'react';

export interface NewSimulationFormProps {
  /** Called with the new simulation's id once the server created it. */
  onCreated: (simulationId: string) => void;
}

/** The models the form offers, with the bank count each starts from. */
const MODELS: ReadonlyArray<{
  preset: ModelPresetName;
  label: string;
  banks: number;
  about: string;
}> = [
  {
    preset: 'default',
    label: 'Default market',
    banks: 25,
    about: 'Prices, loan losses, fire sales and decisions; contagion grows with the shock.',
  },
  {
    preset: 'gai-kapadia',
    label: 'Gai & Kapadia (2010)',
    banks: 1000,
    about:
      'Identical banks on a random network of mean degree z, capital 4 %, zero recovery; one random bank fails at step 1.',
  },
];

/**
 * Create a simulation: the model (the default market or a paper's preset), seed, number of
 * banks, step interval, and for the default market the NPA threshold for decisions and whether a
 * decision pauses the run; for Gai & Kapadia the mean degree z. Inside a `<details>` so it stays
 * out of the way; it folds away after a successful create and on Escape.
 *
 * @example
 * <NewSimulationForm onCreated={select} />
 */
export function NewSimulationForm({ onCreated }: NewSimulationFormProps) {
  const id = useId();
  const create = useCreateSimulation();
  const [preset, setPreset] = useState<ModelPresetName>('default');
  const [seed, setSeed] = useState(() => Math.floor(Math.random() * 100_000));
  const [banks, setBanks] = useState(25);
  const [meanDegree, setMeanDegree] = useState(4);
  const [stepIntervalMs, setStepIntervalMs] = useState(1_000);
  const [npaPercent, setNpaPercent] = useState(8);
  const [pauseOnDecision, setPauseOnDecision] = useState(true);
  const detailsRef = useRef<HTMLDetailsElement>(null);

  /** Fold the pop-up away (it covers the run controls), focus back on its summary. */
  function close() {
    const details = detailsRef.current;
    if (!details?.open) return;
    const hadFocus = details.contains(document.activeElement);
    details.open = false;
    if (hadFocus) details.querySelector('summary')?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') close();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const request: CreateSimulationRequest =
      preset === 'default'
        ? {
            seed,
            banks,
            stepIntervalMs,
            decisionPolicy: { npaThreshold: npaPercent / 100, pauseOnDecision },
          }
        : { preset, seed, banks, meanDegree, stepIntervalMs };
    create.mutate(request, {
      onSuccess: (summary) => {
        close();
        onCreated(summary.id);
      },
    });
  }

  function choose(value: string) {
    const next = MODELS.find((m) => m.preset === value) ?? MODELS[0]!;
    setPreset(next.preset);
    setBanks(next.banks);
  }

  const model = MODELS.find((m) => m.preset === preset);
  const field = 'rounded-md border border-ss-border bg-ss-background px-2 py-1.5 w-28';
  return (
    <details ref={detailsRef} onKeyDown={onKeyDown} className="relative text-sm">
      <summary className="cursor-pointer rounded-md border border-ss-border bg-ss-background px-3 py-1.5 font-medium">
        New simulation
      </summary>
      <form
        onSubmit={submit}
        aria-label="New simulation"
        className="absolute right-0 z-20 mt-2 flex w-72 flex-col gap-2 rounded-lg border border-ss-border bg-ss-background p-3 shadow-lg"
      >
        <label className="flex items-center justify-between gap-2" htmlFor={`${id}-model`}>
          Model
          <select
            id={`${id}-model`}
            value={preset}
            aria-describedby={`${id}-model-about`}
            onChange={(e) => choose(e.target.value)}
            className="rounded-md border border-ss-border bg-ss-background px-2 py-1.5 w-40"
          >
            {MODELS.map((m) => (
              <option key={m.preset} value={m.preset}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <p id={`${id}-model-about`} className="text-xs text-ss-muted-foreground">
          {model?.about}
        </p>
        <label className="flex items-center justify-between gap-2" htmlFor={`${id}-seed`}>
          Seed
          <input
            id={`${id}-seed`}
            type="number"
            min={0}
            required
            value={seed}
            onChange={(e) => setSeed(Number(e.target.value))}
            className={field}
          />
        </label>
        <label className="flex items-center justify-between gap-2" htmlFor={`${id}-banks`}>
          Banks
          <input
            id={`${id}-banks`}
            type="number"
            min={2}
            max={1000}
            required
            value={banks}
            onChange={(e) => setBanks(Number(e.target.value))}
            className={field}
          />
        </label>
        <label className="flex items-center justify-between gap-2" htmlFor={`${id}-interval`}>
          Step interval (ms)
          <input
            id={`${id}-interval`}
            type="number"
            min={10}
            max={60_000}
            step={10}
            required
            value={stepIntervalMs}
            onChange={(e) => setStepIntervalMs(Number(e.target.value))}
            className={field}
          />
        </label>
        {preset === 'default' ? (
          <>
            <label className="flex items-center justify-between gap-2" htmlFor={`${id}-npa`}>
              NPA threshold (%)
              <input
                id={`${id}-npa`}
                type="number"
                min={0}
                max={100}
                step={0.5}
                required
                value={npaPercent}
                onChange={(e) => setNpaPercent(Number(e.target.value))}
                className={field}
              />
            </label>
            <label className="flex items-center gap-2" htmlFor={`${id}-pause`}>
              <input
                id={`${id}-pause`}
                type="checkbox"
                checked={pauseOnDecision}
                onChange={(e) => setPauseOnDecision(e.target.checked)}
              />
              Pause on decision
            </label>
          </>
        ) : (
          <label className="flex items-center justify-between gap-2" htmlFor={`${id}-z`}>
            Mean degree z
            <input
              id={`${id}-z`}
              type="number"
              min={0}
              max={50}
              step={0.5}
              required
              value={meanDegree}
              onChange={(e) => setMeanDegree(Number(e.target.value))}
              className={field}
            />
          </label>
        )}
        <button
          type="submit"
          disabled={create.isPending}
          className="rounded-md bg-ss-foreground px-3 py-2 font-medium text-ss-background disabled:opacity-60"
        >
          {create.isPending ? 'Creating…' : 'Create and open'}
        </button>
        <p role="status" className="text-ss-muted-foreground">
          {create.isError
            ? `Could not create: ${create.error instanceof Error ? create.error.message : 'error'}`
            : ''}
        </p>
      </form>
    </details>
  );
}

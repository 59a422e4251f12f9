import {
  DecisionPrompt,
  EventFeed,
  usePendingDecision,
  useSimulationSnapshot,
} from '@simstream/react';
import { CascadeChart, HealthChart } from '@simstream/react/charts';
import { EntityGrid } from '@simstream/react/entities';
import { ExposureNetwork } from '@simstream/react/network';
import { RunTimeline, useSimulationAt, useSimulationTimeline } from '@simstream/react/timeline';
import { useEffect, useState } from 'react';
import { Panel } from './components/Panel.js';
import { RunControls } from './components/RunControls.js';
import { ShockControls } from './components/ShockControls.js';
import { SummaryStats } from './components/SummaryStats.js';

/**
 * Everything about one simulation: numbers and controls, the health chart, the entity grid,
 * and beside them the decision prompt, shock controls and the live event feed.
 *
 * @example
 * <SimulationView simulationId="test-sim-123" />
 */
export function SimulationView({ simulationId }: { simulationId: string }) {
  const snapshotQuery = useSimulationSnapshot(simulationId);
  const liveSnapshot = snapshotQuery.data?.snapshot;
  // Everything below shows the timeline's moment when the viewer went back in time.
  const timeline = useSimulationTimeline(simulationId);
  const at = timeline.position;
  const snapshot = useSimulationAt(simulationId, at).snapshot;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = snapshot?.entities.find((e) => e.id === selectedId);
  // A decision opened from the feed; a newly raised decision takes the prompt back.
  const [openDecisionId, setOpenDecisionId] = useState<string | undefined>();
  const pendingId = usePendingDecision(simulationId)?.decision_id;
  useEffect(() => {
    if (pendingId) setOpenDecisionId(undefined);
  }, [pendingId]);

  function openDecision(decisionId: string) {
    setOpenDecisionId(decisionId);
    const panel = document.getElementById('decision-panel');
    panel?.scrollIntoView({ block: 'nearest' });
    panel?.focus();
  }

  return (
    <main className="mx-auto grid w-full max-w-[1600px] gap-4 p-4 lg:grid-cols-[minmax(0,1fr)_26rem]">
      <div className="flex min-w-0 flex-col gap-4">
        <Panel
          id="overview"
          title={`Simulation ${simulationId}`}
          actions={<RunControls simulationId={simulationId} status={liveSnapshot?.status} />}
        >
          {snapshot ? (
            <SummaryStats snapshot={snapshot} />
          ) : snapshotQuery.isError ? (
            <p role="alert" className="text-sm text-ss-destructive">
              Could not load the simulation:{' '}
              {snapshotQuery.error instanceof Error ? snapshotQuery.error.message : 'unknown error'}
            </p>
          ) : (
            <p className="text-sm text-ss-muted-foreground">Loading snapshot…</p>
          )}
          <HealthChart simulationId={simulationId} at={at} />
          <RunTimeline timeline={timeline} />
        </Panel>
        <div className="grid gap-4 xl:grid-cols-2">
          <Panel id="entities" title="Entities by capital ratio">
            <EntityGrid simulationId={simulationId} at={at} selectedId={selectedId} />
          </Panel>
          <Panel id="network" title="Exposure network">
            <ExposureNetwork
              simulationId={simulationId}
              at={at}
              selectedId={selectedId}
              onSelectNode={setSelectedId}
              height={420}
            />
            {selected && (
              <p className="mt-2 text-sm" data-testid="selected-entity">
                Selected: <strong>{selected.name}</strong> ({selected.id}){' '}
                {selected.alive
                  ? `capital ratio ${(selected.capital_ratio * 100).toFixed(1)} %, equity ${selected.equity.toFixed(1)}M`
                  : `defaulted at t=${selected.defaulted_at}`}
              </p>
            )}
          </Panel>
        </div>
        <Panel id="cascade" title="Default cascade">
          <CascadeChart simulationId={simulationId} at={at} />
        </Panel>
      </div>
      <div className="flex min-w-0 flex-col gap-4">
        <Panel id="decision" title="Decision">
          <div id="decision-panel" tabIndex={-1} className="outline-none">
            <DecisionPrompt
              simulationId={simulationId}
              {...(openDecisionId ? { decisionId: openDecisionId } : {})}
            />
          </div>
        </Panel>
        <Panel id="events" title="Events">
          <EventFeed
            simulationId={simulationId}
            at={at}
            onSelectDecision={openDecision}
            className="h-[30rem]"
          />
        </Panel>
        <section className="rounded-lg border border-ss-border bg-ss-background p-4">
          <ShockControls simulationId={simulationId} entities={snapshot?.entities ?? []} />
        </section>
      </div>
    </main>
  );
}

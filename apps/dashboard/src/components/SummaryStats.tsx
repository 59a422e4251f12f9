import { ASSET_CLASSES, type SimulationSnapshot } from '@simstream/protocol';

/**
 * The headline numbers of a snapshot as a definition list: timestep, status, system health,
 * alive agents, and the price index of each asset class (where a crash shows first).
 *
 * @example
 * <SummaryStats snapshot={data.snapshot} />
 */
export function SummaryStats({ snapshot }: { snapshot: SimulationSnapshot }) {
  const stats: [string, string, string][] = [
    ['timestep', 'Timestep', String(snapshot.timestep)],
    ['status', 'Status', snapshot.status],
    ['health', 'System health', `${(snapshot.system_health * 100).toFixed(1)} %`],
    ['alive', 'Alive agents', `${snapshot.alive_agents} / ${snapshot.total_agents}`],
  ];
  return (
    <div className="flex flex-col gap-2">
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {stats.map(([key, label, value]) => (
          <div
            key={key}
            data-stat={key}
            className="rounded-md border border-ss-border bg-ss-background p-2"
          >
            <dt className="text-xs text-ss-muted-foreground">{label}</dt>
            <dd className="font-mono text-lg font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
      <dl
        className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-ss-muted-foreground"
        aria-label="Asset price index"
      >
        {ASSET_CLASSES.map((asset) => (
          <div key={asset} className="flex gap-1">
            <dt>{asset.replace('_', ' ')}</dt>
            <dd className="font-mono text-ss-foreground">{snapshot.prices[asset].toFixed(3)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

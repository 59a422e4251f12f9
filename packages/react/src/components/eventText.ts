import type { ShockType } from '@simstream/protocol';
import { formatSignedPercent, humanize } from '../lib/format.js';
import type { EventFeedItem } from './eventFeedModel.js';

/** A row's tone, mapped to styles and exposed as the row's `data-tone`. */
export type EventTone = 'default' | 'destructive' | 'warning' | 'accent' | 'muted';

/** One event in words: what the row and screen readers say. */
export interface EventSummary {
  title: string;
  detail: string;
  tone: EventTone;
  /** Whether screen readers hear it as it arrives (defaults and decisions only; steps would drown them). */
  announce: boolean;
}

const ASSET_CLASSES: Record<string, string> = {
  real_estate: 'Real estate',
  equities: 'Equities',
  sovereign_bonds: 'Sovereign bonds',
  corporate_loans: 'Corporate loans',
};

const CAUSES: Record<string, string> = {
  insolvency: 'Own losses',
  contagion: 'Losses from defaulted borrowers',
  liquidity: 'Deposits ran out',
};

/** The engine's status reasons (codes on the wire) as the sentence a viewer reads. */
const STATUS_REASONS: Record<string, string> = {
  awaiting_decision: 'waiting for a decision',
  decision_answered: 'the decision was answered',
  decision_deadline: 'the decision deadline passed; the default applied',
  operator: 'by an operator',
  reset: 'the simulation started over',
  all_banks_defaulted: 'every bank has defaulted',
  max_timesteps: 'the last step was reached',
};

const STATUS_TITLES: Record<string, string> = {
  running: 'Simulation running',
  paused: 'Simulation paused',
  finished: 'Simulation finished',
};

/** An ISO timestamp as the viewer's wall-clock time (`21:04:05`), or as it came if unparsable. */
function clockTime(timestamp: string): string {
  const at = new Date(timestamp);
  return Number.isNaN(at.getTime())
    ? timestamp
    : at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** `BANK_007` → `Bank 007`, `FUND_002` → `Fund 002`; other ids unchanged. */
function entityName(id: string): string {
  const match = /^(BANK|FUND)_(\w+)$/.exec(id);
  return match ? `${match[1] === 'BANK' ? 'Bank' : 'Fund'} ${match[2]}` : id;
}

function describeShock(shockType: ShockType, target: string, magnitude: number): string {
  const where = target === 'system' ? 'the whole system' : entityName(target);
  switch (shockType) {
    case 'asset_price_crash':
      return `${ASSET_CLASSES[target] ?? humanize(target)} prices ${formatSignedPercent(magnitude, 0)}`;
    case 'deposit_run':
      return `Deposit run on ${where}: ${formatSignedPercent(-Math.abs(magnitude), 0)} of deposits`;
    case 'credit_loss':
      return `Credit losses at ${where}: ${formatSignedPercent(-Math.abs(magnitude), 0)} of loans`;
  }
}

const step = (timestep: number) => `step ${timestep}`;

/**
 * Describe an event for the feed in sentences a viewer reads without the protocol: entity
 * ids as names, asset classes and reasons in words, never a wire code.
 *
 * @example
 * describeEvent(shockEnvelope);
 * // { title: 'Real estate prices −30%', detail: 'Asset price crash · step 4', tone: 'warning', announce: true }
 */
export function describeEvent(event: EventFeedItem): EventSummary {
  switch (event.type) {
    case 'entity_default': {
      const d = event.data;
      const losses = d.creditor_losses
        ? ` · creditors lose ${d.creditor_losses.toLocaleString('en-US')}M`
        : '';
      return {
        title: `${entityName(d.entity_id)} defaulted`,
        detail: `${d.cause ? `${CAUSES[d.cause]} · ` : ''}${step(d.timestep)}${losses}`,
        tone: 'destructive',
        announce: true,
      };
    }
    case 'shock_applied': {
      const d = event.data;
      return {
        title: describeShock(d.shock_type, d.target, d.magnitude),
        detail: `${humanize(d.shock_type).replace(/^./, (c) => c.toUpperCase())} · ${step(d.timestep)}`,
        tone: 'warning',
        announce: true,
      };
    }
    case 'pending_decision': {
      const d = event.data;
      return {
        title: `Decision needed: ${d.title}`,
        detail: `For ${entityName(d.entity_id)} · ${step(d.timestep)}`,
        tone: 'accent',
        announce: true,
      };
    }
    case 'decision_resolved': {
      const d = event.data;
      const action = d.choice === 'recommended' ? 'the recommended action' : 'the alternative';
      const by =
        d.resolved_by === 'deadline'
          ? 'the deadline passed, so the default applied'
          : `answered by ${d.answered_by ?? 'an operator'}`;
      return {
        title: `Decision made: ${action}`,
        detail: `${by} · ${step(d.timestep)}`,
        tone: 'default',
        announce: true,
      };
    }
    case 'simulation_step':
    case 'simulation_delta':
    case 'simulation_compact': {
      // The three numbers a summary, a full step and a delta all carry: never the snapshot.
      const d = event.data;
      return {
        title: `Step ${d.timestep}`,
        detail: `System health ${Math.round(d.system_health * 100)}% · ${d.alive_agents} alive`,
        tone: 'muted',
        announce: false,
      };
    }
    case 'simulation_status': {
      const d = event.data;
      // A reset starts a new run: the feed begins again here (the earlier run's rows are gone).
      if (d.reason === 'reset')
        return {
          title: `Run restarted at ${clockTime(event.timestamp)}`,
          detail: `A new run from ${step(d.timestep)} · the earlier run's events are cleared`,
          tone: 'accent',
          announce: true,
        };
      const reason = d.reason ? (STATUS_REASONS[d.reason] ?? humanize(d.reason)) : null;
      return {
        title: STATUS_TITLES[d.status] ?? `Simulation ${d.status}`,
        detail: reason ? `${reason} · ${step(d.timestep)}` : step(d.timestep),
        tone: 'default',
        announce: true,
      };
    }
  }
}

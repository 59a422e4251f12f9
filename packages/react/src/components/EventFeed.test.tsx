import './testSetup.js';
import type { Envelope } from '@simstream/protocol';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { EventFeedView, type EventFeedViewProps } from './EventFeedView.js';
import type { EventFeedItem } from './eventFeedModel.js';
import {
  deltaEvent,
  defaultEvent,
  ENGINE_EVENTS,
  manySteps,
  pendingDecisionEvent,
  resolvedDecisionEvent,
  shockEvent,
  statusEvent,
} from './fixtures.js';
import { toFeedEvent } from '@simstream/client';

const RECT = { width: 600, height: 600 };

function renderFeed(props: Partial<EventFeedViewProps> & { events: readonly EventFeedItem[] }) {
  const utils = render(<EventFeedView initialRect={RECT} {...props} />);
  const log = screen.queryByRole('log', { name: 'Simulation events' });
  const root = utils.container.querySelector('[data-slot="event-feed"]') as HTMLElement;
  return {
    ...utils,
    log,
    root,
    rerenderFeed: (p: Partial<EventFeedViewProps> & { events: readonly EventFeedItem[] }) =>
      utils.rerender(<EventFeedView initialRect={RECT} {...p} />),
  };
}

const mixed: Envelope[] = [
  deltaEvent(1, 1, 0.95, 20),
  shockEvent(2),
  defaultEvent(3),
  pendingDecisionEvent(4),
  resolvedDecisionEvent(5),
  statusEvent(6),
];

describe('EventFeedView', () => {
  it('shows events newest first, each rendered for its type', () => {
    renderFeed({ events: mixed });
    const rows = screen.getAllByRole('listitem');
    expect(rows.map((r) => r.getAttribute('data-type'))).toEqual([
      'simulation_status',
      'decision_resolved',
      'pending_decision',
      'entity_default',
      'shock_applied',
      'simulation_delta',
    ]);
    expect(rows[0]).toHaveTextContent('Simulation paused');
    expect(rows[0]).toHaveTextContent('waiting for a decision · step 1');
    expect(rows[1]).toHaveTextContent('Decision made: the alternative');
    expect(rows[1]).toHaveTextContent('answered by viewer-2');
    expect(rows[2]).toHaveTextContent('Decision needed: Risk Alert: High NPA Levels');
    expect(rows[2]).toHaveTextContent('For Bank 001 · step 1');
    expect(rows[3]).toHaveTextContent('Bank 008 defaulted');
    expect(rows[3]).toHaveTextContent(
      'Losses from defaulted borrowers · step 4 · creditors lose 21.77M',
    );
    expect(rows[3]).toHaveAttribute('data-tone', 'destructive');
    expect(rows[4]).toHaveTextContent('Real estate prices −30%');
    expect(rows[4]).toHaveTextContent('Asset price crash · step 4');
    expect(rows[5]).toHaveTextContent('Step 1');
    expect(rows[5]).toHaveTextContent('System health 95% · 20 alive');
  });

  it('speaks in sentences: no wire code of the real engine reaches a row', () => {
    renderFeed({ events: ENGINE_EVENTS });
    const text = screen.getByRole('log').textContent ?? '';
    expect(text).not.toMatch(/awaiting_decision|decision_answered|real_estate|asset_price_crash/);
    expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    expect(text).not.toMatch(/BANK_\d/);
  });

  it('renders the feed form (steps as summaries) like the full envelopes it came from', () => {
    const { container, rerenderFeed } = renderFeed({ events: mixed });
    const text = (el: Element) =>
      [...el.querySelectorAll('li')].map((r) => [r.getAttribute('data-seq'), r.textContent]);
    const fromEnvelopes = text(container);
    rerenderFeed({ events: mixed.map(toFeedEvent) });
    expect(text(container)).toEqual(fromEnvelopes);
    const step = screen.getAllByRole('listitem').at(-1)!;
    expect(step).toHaveAttribute('data-type', 'simulation_step');
    expect(step).toHaveTextContent('Step 1');
    expect(step).toHaveTextContent('System health 95% · 20 alive');
  });

  it('a pending decision links to its prompt', async () => {
    const onSelectDecision = vi.fn();
    renderFeed({ events: mixed, onSelectDecision });
    await userEvent.click(
      screen.getByRole('button', { name: 'Open decision: Risk Alert: High NPA Levels' }),
    );
    expect(onSelectDecision).toHaveBeenCalledWith('DEC-1-1');
  });

  it('is a labelled log with data-state live, announcing only notable events', () => {
    const { log, root } = renderFeed({ events: [defaultEvent(1), ...manySteps(5, 2)] });
    expect(log).toBeInTheDocument();
    expect(root).toHaveAttribute('data-state', 'live');
    const announcer = root.querySelector('[data-slot="event-feed-announcer"]');
    expect(announcer).toHaveAttribute('aria-live', 'polite');
    expect(announcer).toHaveTextContent('Bank 008 defaulted');
    expect(announcer).not.toHaveTextContent('Step');
  });

  it('shows loading and empty states', () => {
    const { root, rerenderFeed } = renderFeed({ events: [], loading: true });
    expect(root).toHaveAttribute('data-state', 'loading');
    expect(screen.getByRole('log')).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByRole('log')).toHaveTextContent('Loading events…');
    rerenderFeed({ events: [] });
    expect(root).toHaveAttribute('data-state', 'empty');
    expect(screen.getByRole('log')).toHaveTextContent('No events yet.');
  });

  it('filters by type with toggle buttons (mouse and keyboard)', async () => {
    const onFilterChange = vi.fn();
    renderFeed({ events: mixed, onFilterChange });
    const group = screen.getByRole('group', { name: 'Filter events by type' });
    const steps = within(group).getByRole('button', { name: 'Steps' });
    expect(steps).toHaveAttribute('aria-pressed', 'true');

    await userEvent.click(steps);
    expect(steps).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getAllByRole('listitem')).toHaveLength(5);
    expect(screen.queryByText('Step 1')).not.toBeInTheDocument();
    expect(onFilterChange).toHaveBeenLastCalledWith(
      expect.not.arrayContaining(['simulation_delta']),
    );

    // Keyboard: Tab to "Defaults", Space toggles it off.
    within(group).getByRole('button', { name: 'Defaults' }).focus();
    await userEvent.keyboard(' ');
    expect(screen.queryByText(/defaulted/)).not.toBeInTheDocument();
    expect(screen.getAllByRole('listitem')).toHaveLength(4);
  });

  it('says so when the filter hides every event', async () => {
    const { root } = renderFeed({ events: [deltaEvent(1)] });
    await userEvent.click(screen.getByRole('button', { name: 'Steps' }));
    expect(root).toHaveAttribute('data-state', 'empty');
    expect(screen.getByRole('log')).toHaveTextContent('No events match the filter.');
  });

  it('stops following when scrolled away, counts new events and jumps back', async () => {
    const first = manySteps(50);
    const { root, rerenderFeed } = renderFeed({ events: first });
    const log = screen.getByRole('log');

    log.scrollTop = 560;
    fireEvent.scroll(log);
    expect(root).toHaveAttribute('data-state', 'paused-scroll');
    expect(screen.queryByRole('button', { name: /new/ })).not.toBeInTheDocument();

    rerenderFeed({ events: [...first, ...manySteps(3, 51)] });
    // The reader's place is held: three rows were inserted above it.
    expect(log.scrollTop).toBe(560 + 3 * 56);
    const jump = screen.getByRole('button', { name: '3 new' });

    await userEvent.click(jump);
    expect(log.scrollTop).toBe(0);
    // A browser fires `scroll` after scrollTop changes; jsdom does not.
    fireEvent.scroll(log);
    expect(root).toHaveAttribute('data-state', 'live');
    expect(screen.queryByRole('button', { name: /new/ })).not.toBeInTheDocument();
    expect(screen.getAllByRole('listitem')[0]).toHaveTextContent('Step 53');
  });

  it('follows new events while at the top', () => {
    const { root, rerenderFeed } = renderFeed({ events: manySteps(5) });
    rerenderFeed({ events: manySteps(8) });
    expect(root).toHaveAttribute('data-state', 'live');
    expect(screen.getAllByRole('listitem')[0]).toHaveTextContent('Step 8');
    expect(screen.queryByRole('button', { name: /new/ })).not.toBeInTheDocument();
  });

  it('keeps at most `retention` events', () => {
    renderFeed({ events: manySteps(100), retention: 10 });
    const rows = screen.getAllByRole('listitem');
    expect(rows).toHaveLength(10);
    expect(rows[0]).toHaveAttribute('aria-setsize', '10');
    expect(rows[0]).toHaveTextContent('Step 100');
    expect(rows.at(-1)).toHaveTextContent('Step 91');
  });

  it('renders only a window of rows for 10,000 events', () => {
    renderFeed({ events: manySteps(10_000), retention: 20_000 });
    const rows = screen.getAllByRole('listitem');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(rows[0]).toHaveAttribute('aria-setsize', '10000');
    expect(rows[0]).toHaveTextContent('Step 10000');
    expect(screen.getByRole('list')).toHaveStyle({ height: `${10_000 * 56}px` });
  });

  it('keeps its scroll container whatever className is passed', () => {
    // An app without Tailwind has no rule for `h-40 block overflow-visible`; whatever the
    // merge keeps, the viewport stays a bounded scroll container, so the feed stays virtual.
    const { root } = renderFeed({ events: [], className: 'h-40 block overflow-visible' });
    expect(root).toHaveClass('h-40', 'block', 'overflow-visible');
    expect(screen.getByRole('log')).toHaveStyle({
      overflowY: 'auto',
      minHeight: '0px',
      maxHeight: '100dvh',
    });
  });
});

import type { SimulationSnapshot } from '@simstream/protocol';
import { createEngine } from '@simstream/simulation';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ExposureNetworkView } from './ExposureNetworkView.js';

/** A real engine run: `steps` steps after an optional real-estate crash (same seed, same picture). */
function run(options: {
  crash?: number;
  steps: number;
  banks?: number;
  preset?: 'gai-kapadia';
}): SimulationSnapshot {
  const engine = createEngine({
    simulationId: 'story',
    seed: 3,
    ...(options.banks ? { banks: options.banks, funds: 0 } : {}),
    ...(options.preset ? { preset: options.preset } : {}),
  });
  if (options.crash)
    engine.applyShock({
      shock_type: 'asset_price_crash',
      target: 'real_estate',
      magnitude: options.crash,
    });
  for (let i = 0; i < options.steps; i += 1) engine.step();
  return engine.snapshot();
}

const layer = (root: HTMLElement, name: string) =>
  root.querySelector<HTMLCanvasElement>(`canvas[data-layer="${name}"]`);

/**
 * Whether the nodes are painted: where a worker paints them, the number of discs it reports
 * copying (its canvas cannot be read from here); else the canvas's own pixels.
 */
function nodesPainted(root: HTMLElement): boolean {
  const box = root.querySelector<HTMLElement>('[data-slot="picture"]');
  if (box?.dataset.nodes === 'worker') return Number(box.dataset.discs ?? 0) > 0;
  return painted(layer(root, 'nodes'));
}

/** Whether the claims are painted: by the worker's report where it owns their canvas. */
function linksPainted(root: HTMLElement): boolean {
  const box = root.querySelector<HTMLElement>('[data-slot="picture"]');
  if (box?.dataset.links === 'worker') return Number(box.dataset.strokes ?? 0) > 0;
  return painted(layer(root, 'links'));
}

/**
 * Wait until the picture is final, for the play function's checks and the screenshots after
 * it: the layout at rest (d3-force's seeded random source and a fixed number of ticks to rest
 * make the same places on every run) and every disc painted. No story here animates a default
 * (one snapshot each: nothing arrives to animate), and CSS animations are frozen for the
 * screenshots.
 */
async function atRest(root: HTMLElement, discs: number, timeout = 15_000) {
  const picture = root.querySelector('[data-slot="picture"]');
  await waitFor(() => expect(picture).toHaveAttribute('data-layout', 'settled'), { timeout });
  await waitFor(() => expect(nodesPainted(root)).toBe(true), { timeout });
  await waitFor(() => expect(linksPainted(root)).toBe(true), { timeout });
  if (picture?.getAttribute('data-nodes') === 'worker')
    await waitFor(() => expect(picture).toHaveAttribute('data-discs', String(discs)), { timeout });
}

/** Whether a canvas has any painted pixel. */
function painted(canvas: HTMLCanvasElement | null): boolean {
  const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
  return data?.some((value, i) => i % 4 === 3 && value > 0) ?? false;
}

const meta = {
  title: 'Components/ExposureNetworkView',
  component: ExposureNetworkView,
  // Every state is screenshot-compared once its picture is at rest (`atRest` in each play).
  parameters: { layout: 'padded' },
  args: { height: 420, animate: false },
} satisfies Meta<typeof ExposureNetworkView>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A calm market: every bank alive, most well capitalised. */
export const Calm: Story = {
  args: { snapshot: run({ steps: 3 }) },
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    const region = c.getByRole('region', { name: 'Exposure network' });
    await expect(region).toHaveAttribute('data-state', 'ready');
    await expect(region).toHaveAttribute('data-defaulted', '0');
    const graph = c.getByRole('application');
    graph.focus();
    await userEvent.keyboard('{ArrowRight}');
    await expect(c.getByText(/your bank/)).toBeVisible();
    // A small network is at rest before its first paint: claims and nodes are painted at once.
    await expect(canvasElement.querySelector('[data-slot="picture"]')).toHaveAttribute(
      'data-layout',
      'settled',
    );
    await waitFor(() => expect(linksPainted(canvasElement)).toBe(true), { timeout: 15_000 });
    await waitFor(() => expect(nodesPainted(canvasElement)).toBe(true), { timeout: 15_000 });
    // In Chromium the discs and the claims are painted off the main thread, every disc.
    const picture = canvasElement.querySelector('[data-slot="picture"]');
    await expect(picture).toHaveAttribute('data-nodes', 'worker');
    await expect(picture).toHaveAttribute('data-links', 'worker');
    await waitFor(
      () => expect(picture).toHaveAttribute('data-discs', String(args.snapshot?.entities.length)),
      { timeout: 15_000 },
    );
    await atRest(canvasElement, args.snapshot?.entities.length ?? 0);
  },
};

/** A −35 % property crash two steps in: the first defaults, their claims written off. */
export const CascadeUnfolding: Story = {
  args: { snapshot: run({ crash: -0.35, steps: 2 }), animate: true },
  play: async ({ canvasElement, args }) => {
    const region = within(canvasElement).getByRole('region');
    await expect(Number(region.getAttribute('data-defaulted'))).toBeGreaterThan(0);
    await atRest(canvasElement, args.snapshot?.entities.length ?? 0);
  },
};

/** After a −60 % crash: most of the system has defaulted. */
export const MostOfTheSystemGone: Story = {
  args: { snapshot: run({ crash: -0.6, steps: 8 }) },
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    const table = c.getByRole('button', { name: 'Table' });
    await userEvent.click(table);
    const rows = c.getAllByRole('row').slice(1);
    const defaulted = rows.filter((r) => r.getAttribute('data-state') === 'defaulted');
    await expect(defaulted.length).toBeGreaterThan(rows.length / 2);
    // Back to the picture: the state's screenshot shows the network, not the table.
    await userEvent.click(table);
    await atRest(canvasElement, args.snapshot?.entities.length ?? 0);
  },
};

/**
 * 1,000 banks (the Gai–Kapadia preset's network, ~4,000 claims): the nodes settle first
 * (their claims hidden meanwhile), then the claims are painted once, on their own layer.
 */
export const ThousandNodes: Story = {
  args: { snapshot: run({ steps: 1, banks: 1_000, preset: 'gai-kapadia' }), height: 560 },
  play: async ({ canvasElement }) => {
    const region = within(canvasElement).getByRole('region');
    await expect(region).toHaveAttribute('data-state', 'ready');
    await expect(within(canvasElement).getByText(/of 1000 alive/)).toBeVisible();
    // A thousand nodes settle over frames: up to 25 s on a loaded machine.
    await atRest(canvasElement, 1_000, 25_000);
  },
};

/** Selecting tells the host: here the host shows the selected id. */
export const SelectingANode: Story = {
  args: { snapshot: run({ steps: 3 }) },
  parameters: {
    visual: { skip: 'proves a behaviour (selection reaches the host); Calm shows the picture' },
  },
  render: (args) => {
    const [selected, setSelected] = useState<string | null>(null);
    return (
      <div>
        <p>Selected: {selected ?? 'none'}</p>
        <ExposureNetworkView {...args} selectedId={selected} onSelectNode={setSelected} />
      </div>
    );
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    c.getByRole('application').focus();
    await userEvent.keyboard('{ArrowRight}{Enter}');
    await expect(c.getByText('Selected: BANK_001')).toBeVisible();
  },
};

/**
 * Visual tests: after every story test (render, play function, a11y check), the story's
 * canvas is screenshot-compared in the light and the dark theme against committed
 * baselines (`.storybook/screenshots/`), so a layout or theming break fails `npm test`.
 * Update the baselines with `npm run test:visual:update` after an intended change.
 */
import { afterEach, expect } from 'vitest';
import { page } from 'vitest/browser';
import { currentMockStream } from './mockStream.js';
import { applyTheme, type ThemeName } from './theme.js';

/** `parameters.visual` of a story. */
export interface VisualParameters {
  /**
   * Selectors of regions whose content depends on timing (live data): painted over, their
   * box still compared, so give them a stable size.
   */
  mask?: string[];
  /** Why this story has no screenshot (e.g. it only proves a behaviour over time). */
  skip?: string;
}

interface StoryUnderTest {
  id: string;
  parameters: { visual?: VisualParameters };
}

const VISUAL_THEMES: ThemeName[] = ['light', 'dark'];

// Spinners and pulses freeze, the caret hides: a screenshot must not depend on the frame.
const still = document.createElement('style');
still.textContent =
  '*, *::before, *::after { animation: none !important; transition: none !important; caret-color: transparent !important; }';
document.head.append(still);

/** The div Storybook's runStory appends for the story (beside its own classed wrappers). */
function storyCanvas(): HTMLElement | undefined {
  return [...document.body.children].findLast(
    (element): element is HTMLDivElement => element instanceof HTMLDivElement && !element.className,
  );
}

afterEach(async (context) => {
  const story = (context as unknown as { story?: StoryUnderTest }).story;
  if (!story || context.task.result?.state === 'fail') return;
  const visual = story.parameters.visual ?? {};
  if (visual.skip) return;
  const canvas = storyCanvas();
  if (!canvas) throw new Error(`${story.id}: no rendered canvas`);
  // A live story stops stepping before its screenshots, so the frame it shows holds still.
  currentMockStream()?.controls.pause();
  // Masks are CSS, not element handles: live regions re-render between query and screenshot.
  const mask = document.createElement('style');
  mask.textContent = (visual.mask ?? [])
    .map(
      (selector) =>
        `${selector} { background: #f0f !important; color: transparent !important; border-color: #f0f !important; }\n` +
        `${selector} * { visibility: hidden !important; }`,
    )
    .join('\n');
  document.head.append(mask);
  const root = document.documentElement;
  const before = (root.dataset.theme as ThemeName | undefined) ?? 'light';
  (document.activeElement as HTMLElement | null)?.blur?.();
  // The tester's iframe paints only its viewport: grow it to the story's full height.
  const { innerWidth: width, innerHeight: height } = window;
  await page.viewport(
    width,
    Math.max(height, Math.ceil(canvas.getBoundingClientRect().bottom) + 16),
  );
  try {
    for (const theme of VISUAL_THEMES) {
      applyTheme(root, theme);
      await expect.element(page.elementLocator(canvas)).toMatchScreenshot(`${story.id}--${theme}`);
    }
  } finally {
    await page.viewport(width, height);
    mask.remove();
    applyTheme(root, before);
  }
});

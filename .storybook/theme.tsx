import type { Decorator } from '@storybook/react-vite';
import { useLayoutEffect } from 'react';

/** The themes of the toolbar: the kit's light and dark tokens, and a high-contrast set. */
export const THEMES = ['light', 'dark', 'high-contrast'] as const;
export type ThemeName = (typeof THEMES)[number];

/**
 * Applies a theme to the preview document the way an app would: `.dark` for the kit's dark
 * tokens, `data-theme` for any other set (high contrast is defined in storybook.css).
 *
 * @example
 * applyTheme(document.documentElement, 'dark');
 */
export function applyTheme(root: HTMLElement, theme: ThemeName): void {
  root.classList.toggle('dark', theme === 'dark');
  root.dataset.theme = theme;
}

/** Reads the toolbar's `theme` global (visual tests set it too) and applies it before paint. */
export const withTheme: Decorator = (Story, context) => {
  const theme = (context.globals.theme as ThemeName | undefined) ?? 'light';
  useLayoutEffect(() => applyTheme(document.documentElement, theme), [theme]);
  return <Story />;
};

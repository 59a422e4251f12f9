/**
 * The kit's theme: every color, the radius and the font are CSS variables (defined in
 * `packages/react/src/styles/simstream.css`, light in `:root`, dark under `.dark` /
 * `[data-theme=dark]`), so an app re-themes the kit by setting variables, not by
 * rebuilding. Tailwind 4 reads this file only through `@config` in a CSS entry.
 *
 * @example
 * // app.css of a Tailwind app that wants the kit's tokens
 * // @import "tailwindcss";
 * // @config "../tailwind.config.ts";
 */
import type { Config } from 'tailwindcss';

const token = (name: string) => `var(--ss-${name})`;

const pair = (name: string) => ({
  DEFAULT: token(name),
  foreground: token(`${name}-foreground`),
});

const config = {
  content: [],
  theme: {
    extend: {
      colors: {
        background: token('background'),
        foreground: token('foreground'),
        border: token('border'),
        ring: token('ring'),
        muted: pair('muted'),
        accent: pair('accent'),
        destructive: pair('destructive'),
        live: pair('live'),
        reconnecting: pair('reconnecting'),
        offline: pair('offline'),
        error: pair('error'),
      },
      borderRadius: {
        lg: token('radius'),
        md: `calc(${token('radius')} - 2px)`,
        sm: `calc(${token('radius')} - 4px)`,
      },
      fontFamily: {
        sans: token('font-sans'),
        mono: token('font-mono'),
      },
    },
  },
} satisfies Config;

export default config;

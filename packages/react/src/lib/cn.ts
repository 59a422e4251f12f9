import { type ClassValue, clsx } from 'clsx';
import { createTailwindMerge } from 'tailwind-merge';
import { kitMergeConfig } from './mergeConfig.generated.js';

/**
 * tailwind-merge on the class groups a host's className can collide with in the kit (generated
 * from the library's own default config, see scripts/mergeConfig.mjs): a host's `p-4` still
 * drops the kit's `px-3`, for a third of the library's bytes in the kit's bundle.
 */
const merge = createTailwindMerge(() => kitMergeConfig);

/**
 * Join class names and let later Tailwind classes win over earlier conflicting ones, so a
 * consumer's `className` (always passed last) overrides the component's defaults.
 *
 * @example
 * cn('px-2 text-sm', isActive && 'font-semibold', 'px-4'); // 'text-sm font-semibold px-4'
 */
export function cn(...inputs: ClassValue[]): string {
  return merge(clsx(inputs));
}

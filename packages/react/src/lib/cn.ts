import { type ClassValue, clsx } from 'clsx';
import { twMerge } from 'tailwind-merge';

/**
 * Join class names and let later Tailwind classes win over earlier conflicting ones, so a
 * consumer's `className` (always passed last) overrides the component's defaults.
 *
 * @example
 * cn('px-2 text-sm', isActive && 'font-semibold', 'px-4'); // 'text-sm font-semibold px-4'
 */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}

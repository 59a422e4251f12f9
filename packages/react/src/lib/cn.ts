import { type ClassValue, clsx } from 'clsx';

/**
 * Join class names (clsx): strings, falsy values skipped, arrays and `{ class: condition }`
 * objects. No merging is needed: the components' defaults live in the kit's CSS, in the
 * `components` layer below every utility (styles/components.css), so a consumer's `className`
 * wins by the cascade alone.
 *
 * @example
 * cn('px-2 text-sm', isActive && 'font-semibold'); // 'px-2 text-sm font-semibold'
 */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}

/**
 * Shared setup of the component tests (imported first by each `*.test.tsx`): jest-dom
 * matchers and unmounting after each test (vitest runs without globals, so Testing
 * Library cannot register its automatic cleanup).
 *
 * @example
 * import './testSetup.js';
 */
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

'use client';
// The hook lives next to `useDecisions` (it is a view of that query); this file is its entry.
export { usePendingDecision } from './useDecisions.js';

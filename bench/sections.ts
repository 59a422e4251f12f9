import { browserSection, networkSection } from './browser/sections.js';
import { bytesSection } from './bytes/section.js';
import { capacitySection } from './capacity/section.js';
import { clusterSection } from './cluster/section.js';
import { fanoutSection } from './fanout/section.js';
import type { Section } from './lib/section.js';
import { memorySection } from './memory/section.js';
import { reconnectSection } from './reconnect/section.js';
import { sizeSection } from './size/section.js';
import { stormSection } from './storm/section.js';

export type { Section, SectionContext } from './lib/section.js';

/** Every section, in table order (each lives beside what it measures). */
export const SECTIONS: Section[] = [
  fanoutSection,
  memorySection,
  capacitySection,
  bytesSection,
  reconnectSection,
  stormSection,
  clusterSection,
  browserSection,
  networkSection,
  sizeSection,
];

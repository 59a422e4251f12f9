'use client';
/**
 * `@simstream/react/charts`: the system-health chart and the default cascade (recharts, an
 * optional peer). A separate entry so apps that draw no charts do not ship recharts.
 */
export { CascadeChart } from './CascadeChart.js';
export type { CascadeChartProps } from './CascadeChart.js';
export { CascadeChartView } from './CascadeChartView.js';
export type { CascadeChartViewProps } from './CascadeChartView.js';
export { cascadeSeries, costliestDefaults } from './cascadeSeries.js';
export type { CascadePoint, CostlyDefault, DefaultCause } from './cascadeSeries.js';
export { HealthChart } from './HealthChart.js';
export type { HealthChartProps } from './HealthChart.js';
export { HealthChartView } from './HealthChartView.js';
export type { HealthChartViewProps } from './HealthChartView.js';
export { healthSeries } from './healthSeries.js';
export type { HealthPoint } from './healthSeries.js';
export { useHealthHistory } from './useHealthHistory.js';

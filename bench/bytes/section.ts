import type { Section } from '../lib/section.js';
import { type BenchRow, row } from '../lib/table.js';
import { measureBytes } from './bytes.js';

/**
 * The byte targets of issue 13, on what a kit subscriber gets by default: compact JSON steps
 * (between keyframes: residuals; keyframes, every 10th step: the snapshot in columns), per
 * step between keyframes and averaged over all steps.
 */
const COMPACT_TARGETS = { polling: 0.07, limit: 1.35 };

/** Bytes per step against REST polling and the information limit. */
export const bytesSection: Section = {
  name: 'bytes',
  async run(ctx) {
    const result = await measureBytes(ctx.quick ? 100 : 500, ctx.log);
    const section = 'bytes/step';
    const entries = Object.entries(result.limits);
    // The tighter bound of the compressors that ran.
    const limit = entries.length > 0 ? Math.min(...entries.map(([, v]) => v)) : Number.NaN;
    const rows: BenchRow[] = entries.map(([tool, perStep]) =>
      row({
        section,
        metric: `information limit: whole stream, ${tool}`,
        unit: 'B',
        ours: perStep,
        baselineLabel: 'REST polling',
        baseline: result.polling,
      }),
    );
    for (const [encoding, perStep] of Object.entries(result.perStep)) {
      rows.push(
        row({
          section,
          metric: `${encoding} (all steps)`,
          unit: 'B',
          ours: perStep,
          baselineLabel: 'REST polling',
          baseline: result.polling,
        }),
      );
    }
    const compact = {
      section,
      metric: 'compact json, a step between keyframes',
      unit: 'B',
      ours: result.compactBetweenKeyframes,
    };
    rows.push(
      row(
        { ...compact, baselineLabel: 'REST polling', baseline: result.polling },
        { max: COMPACT_TARGETS.polling },
      ),
      row({
        section,
        metric: 'compact json, a keyframe (columns)',
        unit: 'B',
        ours: result.compactKeyframe,
        baselineLabel: 'full keyframe',
        baseline: result.fullKeyframe,
      }),
    );
    if (Number.isFinite(limit)) {
      const all = result.perStep['compact json'] ?? Number.NaN;
      rows.push(
        row(
          { ...compact, baselineLabel: 'limit', baseline: limit },
          { max: COMPACT_TARGETS.limit },
        ),
        row(
          {
            ...compact,
            metric: 'compact json, all steps',
            ours: all,
            baselineLabel: 'limit',
            baseline: limit,
          },
          { max: COMPACT_TARGETS.limit },
        ),
      );
    }
    return rows;
  },
};

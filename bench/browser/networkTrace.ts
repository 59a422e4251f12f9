/**
 * Main-thread CPU per frame from a Chromium trace: the load-robust frame cost. On a shared
 * machine a frame's wall time stretches with everyone else's work; the thread time (`tdur`)
 * Chromium records for each task does not. A frame's cost is the CPU time of the renderer
 * main thread's top-level tasks between one requestAnimationFrame dispatch and the next:
 * scripts, style, layout, paint and the canvas rasterisation done at commit — everything a
 * 60 Hz frame must fit in 16.7 ms when the machine is free.
 */
import type { Browser, Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** The categories the frame costs need (few: tracing has a cost of its own). */
const CATEGORIES = ['toplevel', 'devtools.timeline'];

/**
 * Per-frame main-thread CPU (ms) of a trace: for each interval between consecutive
 * `FireAnimationFrame` events on the renderer's main thread, the summed thread time of the
 * top-level tasks that started in it.
 *
 * @example
 * frameCpuTimes(JSON.parse(buffer.toString()).traceEvents); // [0.8, 1.1, 14.2, …]
 */
export function frameCpuTimes(events: readonly TraceEvent[]): number[] {
  const names = new Map<string, string>();
  for (const e of events)
    if (e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  // The renderer main thread that ran the page's frames (the one with animation frames).
  const fires = new Map<string, number[]>();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.name !== 'FireAnimationFrame' || names.get(thread) !== 'CrRendererMain') continue;
    fires.set(thread, [...(fires.get(thread) ?? []), e.ts]);
  }
  const [main, starts] = [...fires].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (!main || !starts) return [];
  starts.sort((a, b) => a - b);
  const tasks = events
    .filter(
      (e) =>
        `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask',
    )
    .sort((a, b) => a.ts - b.ts);
  const frames: number[] = [];
  let t = 0;
  for (let i = 0; i + 1 < starts.length; i += 1) {
    let cpu = 0;
    while (t < tasks.length && (tasks[t] as TraceEvent).ts < (starts[i] as number)) t += 1;
    while (t < tasks.length && (tasks[t] as TraceEvent).ts < (starts[i + 1] as number)) {
      cpu += (tasks[t] as TraceEvent).tdur ?? 0;
      t += 1;
    }
    frames.push(cpu / 1000);
  }
  return frames;
}

/**
 * Run `work` with Chromium tracing the page, and return its result with the per-frame
 * main-thread CPU times.
 *
 * @example
 * const [frames, cpu] = await withFrameCpu(browser, page, () => run(page, 5000, 100));
 */
export async function withFrameCpu<T>(
  browser: Browser,
  page: Page,
  work: () => Promise<T>,
): Promise<[T, number[]]> {
  await browser.startTracing(page, { categories: CATEGORIES });
  const result = await work();
  const buffer = await browser.stopTracing();
  const trace = JSON.parse(buffer.toString()) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(trace) ? trace : (trace.traceEvents ?? []);
  return [result, frameCpuTimes(events)];
}

/**
 * The claims layer's drawing as data, so the worker that owns a canvas can replay it: the few
 * 2D-context calls `drawLinks` and `patchLinks` make (state setters, paths of straight
 * segments, strokes, clears), recorded into one Float64Array-backed list of numbers plus a
 * table of the strings they set. Ten thousand segments are ~40,000 numbers: one transferred
 * buffer per paint instead of a raster on the page's main thread.
 */

/** The part of a 2D context the claims layer draws with. */
export interface StrokeContext {
  globalAlpha: number;
  globalCompositeOperation: GlobalCompositeOperation;
  lineWidth: number;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  clearRect(x: number, y: number, width: number, height: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
}

/** Recorded strokes: opcodes and their numbers, and the strings they refer to by index. */
export interface StrokeRecording {
  ops: Float64Array;
  strings: string[];
}

const Op = {
  Alpha: 1,
  Composite: 2,
  Width: 3,
  Style: 4,
  Transform: 5,
  Clear: 6,
  Begin: 7,
  Move: 8,
  Line: 9,
  Stroke: 10,
} as const;
type Op = (typeof Op)[keyof typeof Op];

/**
 * A context that records instead of drawing (`take` returns what it recorded and starts
 * again). Reading a property gives the last value set, as a context does.
 *
 * @example
 * const recorder = createStrokeRecorder();
 * drawLinks(recorder.context as unknown as CanvasRenderingContext2D, model, points, colors);
 * worker.postMessage(recorder.take());
 */
export function createStrokeRecorder() {
  let ops: number[] = [];
  let strings: string[] = [];
  const stringIndex = (value: string) => {
    const found = strings.indexOf(value);
    if (found >= 0) return found;
    strings.push(value);
    return strings.length - 1;
  };
  const state = {
    alpha: 1,
    composite: 'source-over' as GlobalCompositeOperation,
    width: 1,
    style: '#000',
  };
  const context: StrokeContext = {
    get globalAlpha() {
      return state.alpha;
    },
    set globalAlpha(value) {
      state.alpha = value;
      ops.push(Op.Alpha, value);
    },
    get globalCompositeOperation() {
      return state.composite;
    },
    set globalCompositeOperation(value) {
      state.composite = value;
      ops.push(Op.Composite, stringIndex(value));
    },
    get lineWidth() {
      return state.width;
    },
    set lineWidth(value) {
      state.width = value;
      ops.push(Op.Width, value);
    },
    get strokeStyle() {
      return state.style;
    },
    set strokeStyle(value) {
      state.style = String(value);
      ops.push(Op.Style, stringIndex(state.style));
    },
    setTransform: (a, b, c, d, e, f) => ops.push(Op.Transform, a, b, c, d, e, f),
    clearRect: (x, y, w, h) => ops.push(Op.Clear, x, y, w, h),
    beginPath: () => ops.push(Op.Begin),
    moveTo: (x, y) => ops.push(Op.Move, x, y),
    lineTo: (x, y) => ops.push(Op.Line, x, y),
    stroke: () => ops.push(Op.Stroke),
  };
  return {
    context,
    /** Whether anything was recorded since the last `take`. */
    get empty(): boolean {
      return ops.length === 0;
    },
    take(): StrokeRecording {
      const recording = { ops: Float64Array.from(ops), strings };
      ops = [];
      strings = [];
      return recording;
    },
  };
}

/** Arity of each opcode's numbers. */
const ARITY: Record<Op, number> = {
  [Op.Alpha]: 1,
  [Op.Composite]: 1,
  [Op.Width]: 1,
  [Op.Style]: 1,
  [Op.Transform]: 6,
  [Op.Clear]: 4,
  [Op.Begin]: 0,
  [Op.Move]: 2,
  [Op.Line]: 2,
  [Op.Stroke]: 0,
};

/**
 * Play a recording onto a real context (the worker's), call for call.
 *
 * @example
 * replayStrokes(offscreen.getContext('2d'), message.strokes);
 */
export function replayStrokes(ctx: StrokeContext, { ops, strings }: StrokeRecording): void {
  let i = 0;
  const n = (k: number) => ops[i + k] as number;
  while (i < ops.length) {
    const op = ops[i] as Op;
    i += 1;
    switch (op) {
      case Op.Alpha:
        ctx.globalAlpha = n(0);
        break;
      case Op.Composite:
        ctx.globalCompositeOperation = strings[n(0)] as GlobalCompositeOperation;
        break;
      case Op.Width:
        ctx.lineWidth = n(0);
        break;
      case Op.Style:
        ctx.strokeStyle = strings[n(0)] as string;
        break;
      case Op.Transform:
        ctx.setTransform(n(0), n(1), n(2), n(3), n(4), n(5));
        break;
      case Op.Clear:
        ctx.clearRect(n(0), n(1), n(2), n(3));
        break;
      case Op.Begin:
        ctx.beginPath();
        break;
      case Op.Move:
        ctx.moveTo(n(0), n(1));
        break;
      case Op.Line:
        ctx.lineTo(n(0), n(1));
        break;
      case Op.Stroke:
        ctx.stroke();
        break;
      default:
        throw new Error(`unknown stroke op ${String(op)}`);
    }
    i += ARITY[op];
  }
}

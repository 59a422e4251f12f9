'use client';
import { type MouseEvent, useEffect, useRef, useState } from 'react';
import {
  drawNetwork,
  type Fit,
  fitLayout,
  type NetworkColors,
  PULSE_MS,
  type Pulse,
} from './networkCanvas.js';
import { createNetworkLayout, type NetworkLayout, topologyOf } from './networkLayout.js';
import { defaultHits, type NetworkModel } from './networkModel.js';

export interface NetworkCanvasProps {
  model: NetworkModel;
  height: number;
  focusedId: string | null;
  hoveredId: string | null;
  selectedId: string | null;
  /** Animate defaults along the claims they hit (off for reduced motion). */
  animate: boolean;
  onHover: (id: string | null) => void;
  onPick: (id: string | null) => void;
  /** Called after each paint with its duration (benchmarks). */
  onFrame?: (ms: number) => void;
}

/** jsdom (component tests) has no canvas: everything but the painting still runs there. */
const noCanvas = () => typeof navigator !== 'undefined' && /jsdom/i.test(navigator.userAgent);

function readColors(el: HTMLElement): NetworkColors {
  const style = getComputedStyle(el);
  const v = (name: string, fallback: string) =>
    style.getPropertyValue(`--ss-${name}`).trim() || fallback;
  return {
    bands: {
      strong: v('live', '#16a34a'),
      adequate: v('accent-foreground', '#2563eb'),
      weak: v('reconnecting', '#d97706'),
      critical: v('error', '#dc2626'),
      defaulted: v('offline', '#6b7280'),
    },
    link: v('muted-foreground', '#64748b'),
    writtenOff: v('destructive', '#b91c1c'),
    ring: v('ring', '#2563eb'),
    player: v('foreground', '#111827'),
    label: v('foreground', '#111827'),
    background: v('background', '#ffffff'),
  };
}

/**
 * The painted part of the network: a canvas sized to its box (device-pixel sharp), laid out by
 * d3-force, repainted once per animation frame at most, pointer hover and click mapped back to
 * nodes. Decorative for assistive tech: the view around it carries the keyboard and the words.
 */
export function NetworkCanvas(props: NetworkCanvasProps) {
  const { model, height } = props;
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layoutRef = useRef<NetworkLayout | null>(null);
  const pulsesRef = useRef<Pulse[]>([]);
  const lastTimestep = useRef<number | null>(null);
  const fitRef = useRef<Fit>({ scale: 1, x: 0, y: 0 });
  const frame = useRef<number | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const [width, setWidth] = useState(0);
  const widthRef = useRef(0);
  widthRef.current = width;

  // Stable across renders (the layout's tick calls it): reads everything through refs.
  const paint = useRef(() => {
    frame.current = null;
    const width = widthRef.current;
    const height = latest.current.height;
    const canvas = canvasRef.current;
    const layout = layoutRef.current;
    const box = boxRef.current;
    if (!canvas || !layout || !box || noCanvas() || width === 0) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const started = performance.now();
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const p = latest.current;
    fitRef.current = fitLayout(layout, width, height);
    const now = performance.now();
    pulsesRef.current = pulsesRef.current.filter((pulse) => now - pulse.start <= PULSE_MS);
    drawNetwork(ctx, {
      model: p.model,
      layout,
      fit: fitRef.current,
      colors: readColors(box),
      focusedId: p.focusedId,
      hoveredId: p.hoveredId,
      selectedId: p.selectedId,
      pulses: pulsesRef.current,
      now,
      width,
      height,
    });
    p.onFrame?.(performance.now() - started);
    if (pulsesRef.current.length > 0) request();
  }).current;
  const request = useRef(() => {
    if (frame.current === null && typeof requestAnimationFrame === 'function')
      frame.current = requestAnimationFrame(paint);
  }).current;

  // The box's width, followed as it resizes.
  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    setWidth(box.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(box.clientWidth));
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  // A new topology gets a new layout; the same one keeps its positions and takes new radii.
  useEffect(() => {
    const current = layoutRef.current;
    if (current && current.topology === topologyOf(model)) current.resize(model);
    else {
      current?.stop();
      layoutRef.current = createNetworkLayout(model, request);
    }
    // A default animates along the claims it hit, once, when its step arrives.
    if (props.animate && lastTimestep.current !== null && model.timestep > lastTimestep.current) {
      const now = performance.now();
      for (const hit of defaultHits(model, model.timestep))
        for (const link of hit.links) pulsesRef.current.push({ link, start: now });
    }
    lastTimestep.current = model.timestep;
    request();
  });

  useEffect(
    () => () => {
      layoutRef.current?.stop();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const nodeAt = (event: MouseEvent<HTMLCanvasElement>) => {
    const layout = layoutRef.current;
    if (!layout) return null;
    const rect = event.currentTarget.getBoundingClientRect();
    const fit = fitRef.current;
    const x = (event.clientX - rect.left - fit.x) / fit.scale;
    const y = (event.clientY - rect.top - fit.y) / fit.scale;
    return layout.find(x, y, 4 / fit.scale)?.id ?? null;
  };

  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  return (
    <div ref={boxRef} className="relative w-full" style={{ height }}>
      <canvas
        ref={canvasRef}
        width={Math.round(width * dpr)}
        height={Math.round(height * dpr)}
        style={{ width, height }}
        className="block cursor-pointer"
        onPointerMove={(e) => props.onHover(nodeAt(e))}
        onPointerLeave={() => props.onHover(null)}
        onClick={(e) => props.onPick(nodeAt(e))}
      />
    </div>
  );
}

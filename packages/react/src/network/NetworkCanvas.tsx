'use client';
import { type MouseEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { readColors, watchTheme } from './networkColors.js';
import { createNetworkLayout, type NetworkLayout } from './networkLayout.js';
import { defaultHits, type NetworkModel } from './networkModel.js';
import { releaseNodesWorker, startNodesWorker } from './networkNodes.js';
import { createNetworkPainter, type NetworkPainter } from './networkPainter.js';

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
const NO_CANVAS = typeof navigator !== 'undefined' && /jsdom/i.test(navigator.userAgent);

const LAYER = 'pointer-events-none absolute inset-0 block';

/** Milliseconds of layout ticks per frame while a large network settles. */
const LAYOUT_BUDGET_MS = 8;

/** The box's width, followed as it resizes. */
function useWidth(box: RefObject<HTMLDivElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    setWidth(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [box]);
  return width;
}

/**
 * The painted part of the network: three stacked canvases (claims; nodes, painted by a worker
 * where the browser allows; marks and defaults in flight) sized to the box (device-pixel
 * sharp), laid out by one d3-force simulation for the view's life, and repainted at most once per animation frame, only the layers whose
 * input changed (the dots in flight every frame while there are any). Pointer
 * hover and click map back to nodes. Decorative for assistive tech: the view around it
 * carries the keyboard and the words.
 */
export function NetworkCanvas(props: NetworkCanvasProps) {
  const { model, height } = props;
  const boxRef = useRef<HTMLDivElement>(null);
  const linksRef = useRef<HTMLCanvasElement>(null);
  const nodesRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const layoutRef = useRef<NetworkLayout | null>(null);
  const painterRef = useRef<NetworkPainter | null>(null);
  /** Whether a worker owns the nodes canvas. */
  const workerRef = useRef(false);
  const lastTimestep = useRef<number | null>(null);
  const frame = useRef<number | null>(null);
  const onFrame = useRef(props.onFrame);
  onFrame.current = props.onFrame;
  const width = useWidth(boxRef);
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;

  // Stable across renders: one frame at a time, whoever asks.
  const request = useRef(() => {
    if (frame.current !== null || typeof requestAnimationFrame !== 'function') return;
    frame.current = requestAnimationFrame((now) => {
      frame.current = null;
      const painter = painterRef.current;
      const layout = layoutRef.current;
      if (!painter || !layout || NO_CANVAS) return;
      // The layout settles in the frames' spare time: a few ms of ticks, then the paint.
      layout.advance(LAYOUT_BUDGET_MS);
      const started = performance.now();
      const painted = painter.paint(now);
      if (painted) onFrame.current?.(performance.now() - started);
      // For tests, screenshots and benchmarks: whether the picture has come to rest.
      const state = layout.moving ? 'moving' : 'settled';
      if (boxRef.current?.dataset.layout !== state)
        boxRef.current?.setAttribute('data-layout', state);
      if (layout.moving || painter.animating) request();
    });
  }).current;

  // One painter for the canvases' life; the colours are read once and again on theme changes.
  useEffect(() => {
    const [links, nodes, overlay, box] = [
      linksRef.current,
      nodesRef.current,
      overlayRef.current,
      boxRef.current,
    ];
    if (!links || !nodes || !overlay || !box) return;
    // The discs, and the claims, are painted by a worker that owns their canvases, where the
    // browser allows it; each paint's report shows as data (tests and stories read it).
    const nodesWorker = NO_CANVAS
      ? null
      : startNodesWorker(nodes, links, (report) => {
          if ('discs' in report) box.setAttribute('data-discs', String(report.discs));
          else box.setAttribute('data-strokes', String(report.strokes));
        });
    workerRef.current = nodesWorker !== null;
    box.setAttribute('data-nodes', nodesWorker ? 'worker' : 'main');
    box.setAttribute('data-links', nodesWorker?.ownsLinks ? 'worker' : 'main');
    painterRef.current = createNetworkPainter({ links, nodes, overlay, nodesWorker }, () =>
      readColors(box),
    );
    const stop = watchTheme(box, () => {
      painterRef.current?.invalidateColors();
      request();
    });
    return () => {
      stop();
      releaseNodesWorker(nodes);
      layoutRef.current = null;
      painterRef.current = null;
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
    };
  }, [request]);

  useEffect(() => {
    // The nodes and claims canvases are sized here, not by React: once a worker owns them,
    // only the worker may resize them (it does, from each paint's frame).
    for (const canvas of [nodesRef.current, linksRef.current])
      if (canvas && !workerRef.current) {
        canvas.width = Math.round(width * dpr);
        canvas.height = Math.round(height * dpr);
      }
    painterRef.current?.setSize(width, height, dpr);
    request();
  }, [width, height, dpr, request]);

  // A step updates the one layout in place (it moves only when the topology changed).
  useEffect(() => {
    if (layoutRef.current) layoutRef.current.update(model);
    else layoutRef.current = createNetworkLayout(model);
    const painter = painterRef.current;
    painter?.setModel(model, layoutRef.current);
    // A default animates along the claims it hit, once, when its step arrives.
    if (props.animate && lastTimestep.current !== null && model.timestep > lastTimestep.current)
      for (const hit of defaultHits(model, model.timestep)) painter?.addPulses(hit.links);
    lastTimestep.current = model.timestep;
    request();
  }, [model, props.animate, request]);

  useEffect(() => {
    painterRef.current?.setMarks({
      focusedId: props.focusedId,
      hoveredId: props.hoveredId,
      selectedId: props.selectedId,
    });
    request();
  }, [props.focusedId, props.hoveredId, props.selectedId, request]);

  const nodeAt = (event: MouseEvent<HTMLCanvasElement>) => {
    const layout = layoutRef.current;
    const fit = painterRef.current?.fit;
    if (!layout || !fit) return null;
    const rect = event.currentTarget.getBoundingClientRect();
    const x = (event.clientX - rect.left - fit.x) / fit.scale;
    const y = (event.clientY - rect.top - fit.y) / fit.scale;
    return layout.find(x, y, 4 / fit.scale)?.id ?? null;
  };

  const size = {
    width: Math.round(width * dpr),
    height: Math.round(height * dpr),
    style: { width, height },
  };
  return (
    <div ref={boxRef} data-slot="picture" className="relative w-full" style={{ height }}>
      <canvas ref={linksRef} data-layer="links" className={LAYER} style={size.style} />
      {/* The nodes layer takes the pointer for the picture; the overlay above lets it through. */}
      <canvas
        ref={nodesRef}
        data-layer="nodes"
        className="absolute inset-0 block cursor-pointer"
        style={size.style}
        onPointerMove={(e) => props.onHover(nodeAt(e))}
        onPointerLeave={() => props.onHover(null)}
        onClick={(e) => props.onPick(nodeAt(e))}
      />
      <canvas ref={overlayRef} data-layer="overlay" className={LAYER} {...size} />
    </div>
  );
}

/**
 * The kit's icons as plain SVG: the paths of Lucide's icons (https://lucide.dev), drawn the way
 * lucide-react draws them (24×24, `currentColor` strokes of width 2, round ends). lucide-react's
 * runtime cost the kit 1.4 KB min+gzip on top of the paths for what a `<svg>` does here; size
 * and color come from `className` (`size-4 text-ss-live`); hidden from assistive technology
 * (every one stands next to a visible or screen-reader label).
 *
 * Lucide's license (ISC; five of these icons come from Feather, MIT) is in icons.LICENSE.txt
 * beside this file, copied from lucide-react 1.77.0.
 */
import type { ReactNode, SVGProps } from 'react';

/** Props of every icon: any SVG attribute (`className`, `aria-hidden`, `style`…). */
export type IconProps = SVGProps<SVGSVGElement>;
/** An icon component (what a table of icons per state holds). */
export type Icon = (props: IconProps) => ReactNode;

/**
 * An icon component drawing Lucide's `paths` (each a `<path d>`), after any other `shapes`
 * (circles, rects), in Lucide's frame. Paths as plain strings keep the kit's script small.
 */
function icon(paths: string[], shapes?: ReactNode): Icon {
  return (props) => (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={24}
      height={24}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      // Decorative, as lucide-react's are unless labelled: the text beside it says it.
      aria-hidden="true"
      {...props}
    >
      {shapes}
      {paths.map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

export const Activity = /* @__PURE__ */ icon([
  'M22 12h-2.48a2 2 0 0 0-1.93 1.46l-2.35 8.36a.25.25 0 0 1-.48 0L9.24 2.18a.25.25 0 0 0-.48 0l-2.35 8.36A2 2 0 0 1 4.49 12H2',
]);

export const ArrowUp = /* @__PURE__ */ icon(['m5 12 7-7 7 7', 'M12 19V5']);

export const CircleCheck = /* @__PURE__ */ icon(
  ['m16 9-5.5 5.5L8 12'],
  <circle cx="12" cy="12" r="10" />,
);

export const Clock = /* @__PURE__ */ icon(['M12 6v6l4 2'], <circle cx="12" cy="12" r="10" />);

export const CloudOff = /* @__PURE__ */ icon([
  'M10.94 5.274A7 7 0 0 1 15.71 10h1.79a4.5 4.5 0 0 1 4.222 6.057',
  'M18.796 18.81A4.5 4.5 0 0 1 17.5 19H9A7 7 0 0 1 5.79 5.78',
  'm2 2 20 20',
]);

export const Gavel = /* @__PURE__ */ icon([
  'm14 13-8.381 8.38a1 1 0 0 1-3.001-3l8.384-8.381',
  'm16 16 6-6',
  'm21.5 10.5-8-8',
  'm8 8 6-6',
  'm8.5 7.5 8 8',
]);

export const Inbox = /* @__PURE__ */ icon(
  [
    'M5.45 5.11 2 12v6a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-6l-3.45-6.89A2 2 0 0 0 16.76 4H7.24a2 2 0 0 0-1.79 1.11z',
  ],
  <polyline points="22 12 16 12 14 15 10 15 8 12 2 12" />,
);

export const Info = /* @__PURE__ */ icon(
  ['M12 16v-4', 'M12 8h.01'],
  <circle cx="12" cy="12" r="10" />,
);

export const LoaderCircle = /* @__PURE__ */ icon(['M21 12a9 9 0 1 1-6.219-8.56']);

export const RefreshCw = /* @__PURE__ */ icon([
  'M3 12a9 9 0 0 1 9-9 9.75 9.75 0 0 1 6.74 2.74L21 8',
  'M21 3v5h-5',
  'M21 12a9 9 0 0 1-9 9 9.75 9.75 0 0 1-6.74-2.74L3 16',
  'M8 16H3v5',
]);

export const TimerOff = /* @__PURE__ */ icon([
  'M10 2h4',
  'M4.6 11a8 8 0 0 0 1.7 8.7 8 8 0 0 0 8.7 1.7',
  'M7.4 7.4a8 8 0 0 1 10.3 1 8 8 0 0 1 .9 10.2',
  'm2 2 20 20',
  'M12 12v-2',
]);

export const TriangleAlert = /* @__PURE__ */ icon([
  'm21.73 18-8-14a2 2 0 0 0-3.48 0l-8 14A2 2 0 0 0 4 21h16a2 2 0 0 0 1.73-3',
  'M12 9v4',
  'M12 17h.01',
]);

export const Users = /* @__PURE__ */ icon(
  [
    'M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2',
    'M16 3.128a4 4 0 0 1 0 7.744',
    'M22 21v-2a4 4 0 0 0-3-3.87',
  ],
  <circle cx="9" cy="7" r="4" />,
);

export const Wifi = /* @__PURE__ */ icon([
  'M12 20h.01',
  'M2 8.82a15 15 0 0 1 20 0',
  'M5 12.859a10 10 0 0 1 14 0',
  'M8.5 16.429a5 5 0 0 1 7 0',
]);

export const WifiOff = /* @__PURE__ */ icon([
  'M12 20h.01',
  'M8.5 16.429a5 5 0 0 1 7 0',
  'M5 12.859a10 10 0 0 1 5.17-2.69',
  'M19 12.859a10 10 0 0 0-2.007-1.523',
  'M2 8.82a15 15 0 0 1 4.177-2.643',
  'M22 8.82a15 15 0 0 0-11.288-3.764',
  'm2 2 20 20',
]);

export const Zap = /* @__PURE__ */ icon([
  'M15.914 4a1.5 1.5 0 00-2.474-1.561l-9 9A1.5 1.5 0 005.5 14h4.002a.5.5 0 01.471.666L8.086 20a1.5 1.5 0 002.475 1.56l9-9A1.5 1.5 0 0018.5 10h-3.997a.5.5 0 01-.472-.667z',
]);

export const Pause = /* @__PURE__ */ icon(
  [],
  <>
    <rect x="14" y="3" width="5" height="18" rx="1" />
    <rect x="5" y="3" width="5" height="18" rx="1" />
  </>,
);

export const Play = /* @__PURE__ */ icon([
  'M5 5a2 2 0 0 1 3.008-1.728l11.997 6.998a2 2 0 0 1 .003 3.458l-12 7A2 2 0 0 1 5 19z',
]);

export const Radio = /* @__PURE__ */ icon(
  [
    'M16.247 7.761a6 6 0 0 1 0 8.478',
    'M19.075 4.933a10 10 0 0 1 0 14.134',
    'M4.925 19.067a10 10 0 0 1 0-14.134',
    'M7.753 16.239a6 6 0 0 1 0-8.478',
  ],
  <circle cx="12" cy="12" r="2" />,
);

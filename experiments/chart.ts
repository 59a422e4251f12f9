import type { PaperPoint, SweepPoint } from '../packages/simulation/src/experiment.ts';

const W = 640;
const H = 380;
const M = { left: 56, right: 20, top: 36, bottom: 52 };

/**
 * An SVG line chart of frequency and conditional extent of contagion against mean degree z, with
 * the paper's values as grey marks (a bar where the paper gives a range), and the frequency under
 * the other tie rule (`ties`, dotted). Plain SVG, no fonts or scripts, so it renders the same in
 * any viewer and diffs as text.
 *
 * @example
 * writeFileSync('docs/gai-kapadia.svg', contagionChart(points, ties, GAI_KAPADIA_PAPER, 'N = 500'));
 */
export function contagionChart(
  points: readonly SweepPoint[],
  ties: readonly SweepPoint[],
  paper: readonly PaperPoint[],
  subtitle: string,
): string {
  const zMax = Math.max(...points.map((p) => p.z), ...paper.map((p) => p.z));
  const x = (z: number) => M.left + (z / zMax) * (W - M.left - M.right);
  const y = (v: number) => H - M.bottom - v * (H - M.top - M.bottom);
  const f = (n: number) => n.toFixed(1);
  const path = (pts: Array<[number, number]>) =>
    pts.map(([z, v], i) => `${i === 0 ? 'M' : 'L'}${f(x(z))},${f(y(v))}`).join(' ');
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${M.left}" y="18" font-size="14" font-weight="bold">Gai–Kapadia preset: one random bank fails, 1,000 banks</text>`,
    `<text x="${M.left}" y="32" fill="#555">${subtitle}</text>`,
  ];
  for (let v = 0; v <= 1.0001; v += 0.2) {
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#e5e5e5"/>`,
      `<text x="${M.left - 8}" y="${f(y(v) + 4)}" text-anchor="end">${v.toFixed(1)}</text>`,
    );
  }
  for (let z = 0; z <= zMax; z += zMax > 10 ? 2 : 1) {
    parts.push(`<text x="${f(x(z))}" y="${H - M.bottom + 18}" text-anchor="middle">${z}</text>`);
  }
  parts.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 12}" text-anchor="middle">mean degree z (loans per bank)</text>`,
    `<line x1="${M.left}" x2="${W - M.right}" y1="${y(0)}" y2="${y(0)}" stroke="#333"/>`,
    `<line x1="${M.left}" x2="${M.left}" y1="${y(0)}" y2="${y(1)}" stroke="#333"/>`,
  );
  for (const p of paper) {
    if (!p.frequency) continue;
    const [lo, hi] = p.frequency;
    if (hi - lo > 0.001)
      parts.push(
        `<line x1="${f(x(p.z))}" x2="${f(x(p.z))}" y1="${f(y(lo))}" y2="${f(y(hi))}" stroke="#999" stroke-width="6"/>`,
      );
    else
      parts.push(
        `<rect x="${f(x(p.z) - 4)}" y="${f(y(lo) - 4)}" width="8" height="8" fill="none" stroke="#999" stroke-width="2"/>`,
      );
  }
  const freq = points.map((p): [number, number] => [p.z, p.frequency]);
  const extent = points
    .filter((p) => p.conditionalExtent !== null)
    .map((p): [number, number] => [p.z, p.conditionalExtent!]);
  parts.push(`<path d="${path(freq)}" fill="none" stroke="#1f6feb" stroke-width="2"/>`);
  for (const [z, v] of freq)
    parts.push(`<circle cx="${f(x(z))}" cy="${f(y(v))}" r="3" fill="#1f6feb"/>`);
  parts.push(
    `<path d="${path(extent)}" fill="none" stroke="#d9480f" stroke-width="2" stroke-dasharray="6 4"/>`,
  );
  const tieFreq = ties.map((p): [number, number] => [p.z, p.frequency]);
  if (tieFreq.length > 0)
    parts.push(
      `<path d="${path(tieFreq)}" fill="none" stroke="#2f9e44" stroke-width="2" stroke-dasharray="2 3"/>`,
    );
  const legend = [
    ['#1f6feb', 'frequency of contagion (≥ 5 % fail)', ''],
    ['#2f9e44', 'frequency if a loss equal to capital fails', '2 3'],
    ['#d9480f', 'share of banks failed, if contagion', '6 4'],
    ['#999', 'the paper’s frequency (bar: a range)', ''],
  ] as const;
  legend.forEach(([color, label, dash], i) => {
    const ly = y(0.66) + i * 16;
    parts.push(
      `<line x1="${W - 290}" x2="${W - 266}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="${color === '#999' ? 6 : 2}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
      `<text x="${W - 260}" y="${ly}" font-size="11">${label}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

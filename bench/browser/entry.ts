/**
 * The one entry of the browser bench pages (one index.html, one Vite build): `?page=network`
 * loads the exposure network page (network/main.tsx, driven by network.ts), any other URL the
 * feed page (page/main.tsx, driven by browser.ts). Each page renders itself when imported.
 */
const page = new URLSearchParams(location.search).get('page');
void (page === 'network' ? import('./network/main.tsx') : import('./page/main.tsx'));

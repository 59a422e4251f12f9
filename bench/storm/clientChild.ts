/**
 * Many stock socket.io-client viewers in one process for the reconnect storm (`argv`: url,
 * simulationId, count). Each reconnects by itself (socket.io-client's own backoff)
 * and subscribes with `sinceSeq` = the last seq it has on every connect; it keeps only
 * counters — the last seq, and how many seqs never came or came twice (from each batch's
 * `fromSeq`..`toSeq`) — so thousands fit in one process.
 */
import type { EventBatch, SubscribeAck } from '@simstream/protocol';
import { io, type Socket } from 'socket.io-client';
import type { StormClientReply, StormClientRequest, StormTally } from './messages.js';

const [, , url = '', simulationId = '', countArg = '100'] = process.argv;
const count = Number(countArg);
/**
 * Handshakes in flight at once per client process while opening. 100 per process (400 in
 * all) filled a starved server's accept queue past 1,400 at load 25 (it accepted ~20 a
 * second, so handshakes outlived their 20 s timeout); 25 keeps the queue a few seconds deep.
 */
const OPEN_WAVE = 25;
/** The longest a wave waits for a socket that keeps failing its handshake. */
const OPEN_WAIT_MS = 60_000;

interface Viewer {
  socket: Socket;
  lastSeq: number;
  connects: number;
  disconnects: number;
  /** `disconnects` when the driver armed it (before a cut). */
  armed: number;
}

const viewers: Viewer[] = [];
const totals = { lost: 0, duplicated: 0, resyncs: 0 };

function open(): Promise<void> {
  const viewer: Viewer = {
    socket: io(url, {
      transports: ['websocket'],
      forceNew: true,
      // socket.io-client's own defaults, spelled out: a population of stock browsers
      // reconnects after 1 s × 2^attempt (at most 5 s), each delay jittered ±50 %, and gives
      // a handshake 20 s before it retries.
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 5_000,
      randomizationFactor: 0.5,
      timeout: 20_000,
    }),
    lastSeq: -1,
    connects: 0,
    disconnects: 0,
    armed: 0,
  };
  viewers.push(viewer);
  const { socket } = viewer;
  socket.on('connect', () => {
    viewer.connects++;
    // The first time live from now (the ack says where that is); after that, from the last seq.
    const first = viewer.lastSeq < 0;
    socket.emit(
      'subscribe',
      first
        ? { simulationId, steps: 'compact' }
        : { simulationId, steps: 'compact', sinceSeq: viewer.lastSeq },
      (ack: SubscribeAck) => {
        if (!ack.ok) return;
        if (ack.resync) totals.resyncs++;
        if (first) viewer.lastSeq = Math.max(viewer.lastSeq, ack.currentSeq);
      },
    );
  });
  socket.on('disconnect', () => {
    viewer.disconnects++;
  });
  socket.on('events', (batch: EventBatch) => {
    if (viewer.lastSeq < 0) {
      viewer.lastSeq = batch.toSeq; // no ack yet: nothing to compare with
      return;
    }
    const expected = viewer.lastSeq + 1;
    if (batch.fromSeq > expected) totals.lost += batch.fromSeq - expected;
    if (batch.fromSeq < expected) {
      totals.duplicated += Math.min(batch.toSeq, viewer.lastSeq) - batch.fromSeq + 1;
    }
    viewer.lastSeq = Math.max(viewer.lastSeq, batch.toSeq);
  });
  // A wave waits for its sockets to connect (a failed handshake retries by itself), so no
  // more than a wave's handshakes wait in the server's accept queue while the sockets open:
  // handshakes that outlive their timeout there retry at the back, and a starved server
  // would then spend its turns on connections already given up (a livelock seen at load 20).
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, OPEN_WAIT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Sums over the sockets; `back` counts those connected with a disconnect since arming. */
function tally(): StormTally {
  let connected = 0;
  let back = 0;
  let minSeq = Number.POSITIVE_INFINITY;
  let reconnects = 0;
  for (const viewer of viewers) {
    if (viewer.socket.connected) connected++;
    if (viewer.socket.connected && viewer.disconnects > viewer.armed) back++;
    minSeq = Math.min(minSeq, viewer.lastSeq);
    reconnects += Math.max(0, viewer.connects - 1);
  }
  return { sockets: viewers.length, connected, back, minSeq, reconnects, ...totals };
}

const send = (message: StormClientReply) => process.send?.(message);

function whenCaughtUp(seq: number, cut: boolean): void {
  const check = () => {
    const now = tally();
    if ((cut ? now.back : now.connected) === count && now.minSeq >= seq)
      send({ cmd: 'caughtUp', at: Date.now(), tally: now });
    else setTimeout(check, 20);
  };
  check();
}

process.on('message', (message: StormClientRequest) => {
  if (message.cmd === 'caughtUp') whenCaughtUp(message.seq, message.cut);
  else if (message.cmd === 'arm') {
    for (const viewer of viewers) viewer.armed = viewer.disconnects;
    send({ cmd: 'arm' });
  } else if (message.cmd === 'tally') send({ cmd: 'tally', tally: tally() });
  else if (message.cmd === 'exit') {
    for (const viewer of viewers) viewer.socket.close();
    process.exit(0);
  }
});

for (let opened = 0; opened < count; opened += OPEN_WAVE) {
  const wave: Promise<void>[] = [];
  for (let i = opened; i < Math.min(count, opened + OPEN_WAVE); i++) wave.push(open());
  await Promise.all(wave);
}
send({ cmd: 'ready', tally: tally() });

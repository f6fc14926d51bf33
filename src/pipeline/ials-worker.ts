/**
 * One thread of the parallel iALS fit (parallel-ials.ts): takes chunks of the current phase from the shared
 * counter until none are left, runs the engine's row kernels on them, and says "done".
 */
import { parentPort } from 'node:worker_threads';
import {
  cgScratch,
  exactScratch,
  gramianBlockCount,
  gramianBlocks,
  solveRowsCg,
  solveRowsExact,
} from '../engine/models/ials-kernels.ts';
import { hyperOf } from '../engine/models/ials.ts';
import type { IalsPhase, IalsWorkerInit } from './parallel-ials.ts';

if (!parentPort) throw new Error('ials-worker runs as a worker thread');
const port = parentPort;
let state: IalsWorkerInit | null = null;

function run(p: IalsPhase, s: IalsWorkerInit): void {
  const { options: o, counter } = s;
  const k = o.factors;
  if (p.kind === 'gramian') {
    const factors = p.of === 'x' ? s.x : s.y;
    const rows = factors.length / k;
    const blocks = gramianBlockCount(rows);
    for (let b = Atomics.add(counter, 0, 1); b < blocks; b = Atomics.add(counter, 0, 1))
      gramianBlocks(factors, rows, k, b, b + 1, s.partials);
    return;
  }
  const [side, x, y, chunks] =
    p.side === 'users' ? [s.users, s.x, s.y, s.userChunks] : [s.items, s.y, s.x, s.itemChunks];
  const h = hyperOf(o);
  const cg = cgScratch(k);
  const exact = exactScratch(k);
  for (let c = Atomics.add(counter, 0, 1); c + 1 < chunks.length; c = Atomics.add(counter, 0, 1)) {
    const from = chunks[c]!;
    const to = chunks[c + 1]!;
    if (o.solver === 'cg') solveRowsCg(from, to, side, x, y, s.gram, h, cg);
    else solveRowsExact(from, to, side, x, y, s.gram, h, exact);
  }
}

port.on('message', (message: IalsWorkerInit | IalsPhase) => {
  if ('kind' in message) {
    run(message, state!);
    port.postMessage('done');
  } else state = message;
});

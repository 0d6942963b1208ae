// A thread of bench/pair.ts: runs each pipeline document it is sent at parallelism 1.
import { parentPort } from 'node:worker_threads';
import { runJob } from './support.js';

parentPort!.on('message', (doc: object) => {
  runJob(doc).then(
    () => parentPort!.postMessage({ ok: true }),
    (error: unknown) => parentPort!.postMessage({ ok: false, error: String(error) }),
  );
});

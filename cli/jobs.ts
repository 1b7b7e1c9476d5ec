/**
 * `berth lint --jobs N`: files checked on worker threads as well as on this one. Each worker is bin/berth.js
 * started as a thread (it loads the same bundle, from the same code cache) with its own FileChecker: its own
 * configuration loader, bash parser and ShellCheck. A file goes to whichever thread is free; outcomes come back as
 * plain data and are handed on in the files' order, so the output is the same as with --jobs 1. A worker that dies
 * costs the file it was checking (reported as a bug in berth on that file); the files it had been given besides are
 * checked on this thread, and the run goes on.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { FileChecker, lostFile, type CheckerSettings, type FileOutcome, type Target } from './check-file.js';
import type { CliIO } from './io.js';
import { readFileBytes, readStdinBytes, replaceFileBytes } from '../host/files.js';

/** How bin/berth.js knows it runs as a worker thread of `berth lint --jobs` (its first argument). */
export const WORKER_ARG = '--berth-lint-worker';
/** Files a worker holds at once: the one it checks and the next, so it never waits for this thread. */
const IN_FLIGHT = 2;

type Request = { index: number; target: Target } | { stop: true };
type Reply = { index: number; outcome: FileOutcome };

export interface ParallelRun {
  targets: Target[];
  /** This thread's checker: it checks files too, and those a dead worker left. */
  checker: FileChecker;
  workers: number;
  script: string;
  settings: CheckerSettings;
  io: Pick<CliIO, 'readFile' | 'readStdin' | 'writeFile' | 'cwd'>;
}

/** Checks every target; `take` gets each file's outcome in the targets' order. */
export async function checkInParallel(run: ParallelRun, take: (o: FileOutcome) => void): Promise<void> {
  const { targets } = run;
  const ready = new Map<number, FileOutcome>();
  let nextTaken = 0;
  let nextGiven = 0;
  /** Files a dead worker had been given but not started: this thread checks them. */
  const orphans: number[] = [];
  let running = 0;
  let wake: (() => void) | undefined;
  const changed = (): void => {
    wake?.();
    wake = undefined;
  };
  const deliver = (index: number, outcome: FileOutcome): void => {
    ready.set(index, outcome);
    for (let o = ready.get(nextTaken); o !== undefined; o = ready.get(nextTaken)) {
      ready.delete(nextTaken++);
      take(o);
    }
  };
  const give = (): number | undefined => (nextGiven < targets.length ? nextGiven++ : undefined);

  const lane = (): Promise<void> =>
    new Promise((resolve) => {
      running++;
      const given: number[] = [];
      let error: string | undefined;
      let stopped = false;
      const finish = (): void => {
        running--;
        changed();
        resolve();
      };
      let worker: Worker;
      try {
        // The argument tells bin/berth.js what it runs as before it loads anything (node:worker_threads costs 3 ms).
        worker = new Worker(run.script, { argv: [WORKER_ARG], workerData: { berthLintWorker: run.settings }, stdout: false, stderr: false });
      } catch {
        finish();
        return;
      }
      const feed = (): void => {
        while (given.length < IN_FLIGHT) {
          const i = give();
          if (i === undefined) break;
          given.push(i);
          worker.postMessage({ index: i, target: targets[i] as Target } satisfies Request);
        }
        if (given.length === 0 && !stopped) {
          stopped = true;
          worker.postMessage({ stop: true } satisfies Request);
        }
      };
      let answered = false;
      worker.on('message', (m: Reply) => {
        answered = true;
        given.splice(given.indexOf(m.index), 1);
        deliver(m.index, m.outcome);
        feed();
      });
      worker.on('error', (e) => {
        error = e instanceof Error ? e.message : String(e);
      });
      worker.on('exit', (code) => {
        if (given.length > 0 && !answered) {
          // It never checked anything (it could not start): this thread checks its files.
          orphans.push(...given);
        } else if (given.length > 0) {
          // The first file given is the one it was checking; the others it had not started.
          const [lost, ...rest] = given;
          deliver(lost as number, lostFile(run.io, targets[lost as number] as Target, `the worker thread checking this file stopped (${error ?? `exit code ${code}`})`));
          orphans.push(...rest);
        }
        finish();
      });
      feed();
    });

  const lanes = Array.from({ length: run.workers }, lane);
  // This thread checks files too, yielding between them so that the workers are fed and heard.
  for (;;) {
    const i = orphans.shift() ?? give();
    if (i !== undefined) {
      deliver(i, await run.checker.check(targets[i] as Target));
      await new Promise<void>((r) => setImmediate(r));
      continue;
    }
    if (running === 0) break;
    await new Promise<void>((r) => {
      wake = r;
    });
  }
  await Promise.all(lanes);
}

/** A worker thread's side: checks the files it is sent, one after the other, and answers with their outcomes. */
export function lintWorker(): void {
  if (isMainThread || !parentPort) throw new Error('lintWorker runs on a worker thread');
  const port = parentPort;
  const settings = (workerData as { berthLintWorker: CheckerSettings }).berthLintWorker;
  const checker = new FileChecker({ readFile: readFileBytes, readStdin: readStdinBytes, writeFile: replaceFileBytes, cwd: settings.cwd }, settings);
  let queue = Promise.resolve();
  port.on('message', (m: Request) => {
    queue = queue.then(async () => {
      if ('stop' in m) {
        port.close();
        return;
      }
      const outcome = await checker.check(m.target);
      // The line index is rebuilt from the text on the other side: cheaper than copying it.
      if (outcome.report) delete outcome.report.lines;
      port.postMessage({ index: m.index, outcome } satisfies Reply);
    });
  });
}

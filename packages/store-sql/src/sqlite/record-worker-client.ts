import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DirectCharge, GenerationRecord } from '@switchyard/core';
import type { SqliteStoreOptions } from './create-sqlite-store.js';
import { isRecordReply, type CloseMessage, type RecordMessage, type RecordReply } from './record-protocol.js';

/**
 * The compiled worker: the same path from `src/sqlite` (tests run the sources) and `dist/sqlite`
 * (the built package), since both sit two levels below the package root.
 */
const WORKER_URL = new URL('../../dist/sqlite/record-worker.js', import.meta.url);

const SOURCE_CONDITION = '@switchyard/source';

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * `Store.recordGenerations` for a SQLite file, off the event loop: a worker thread with its own
 * connection stores each batch, so the write-behind transactions (tens of microseconds a record,
 * commits and checkpoints included) no longer pause request handling. Started on first use; a
 * worker that dies fails the batches it held (the generation writer retries them) and the next
 * batch starts a new one. The worker keeps the process alive only while a batch is in flight.
 */
export class RecordWorkerClient {
  #current: RunningWorker | undefined;
  #nextId = 1;

  constructor(private readonly options: SqliteStoreOptions) {}

  record(records: readonly GenerationRecord[], charges: readonly DirectCharge[], at: Date): Promise<void> {
    const { worker, waiting } = this.#current ?? this.#start();
    const id = this.#nextId++;
    return new Promise<void>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ type: 'record', id, records, charges, at } satisfies RecordMessage);
    });
  }

  /** Lets the worker finish its queue, close its connection and exit. */
  async close(): Promise<void> {
    const current = this.#current;
    if (current === undefined) return;
    current.worker.ref();
    const exited = once(current.worker, 'exit');
    current.worker.postMessage({ type: 'close' } satisfies CloseMessage);
    await exited;
  }

  /** A new worker; the batches each worker holds fail with it alone (a successor keeps its own). */
  #start(): RunningWorker {
    const worker = new Worker(WORKER_URL, { workerData: this.options, execArgv: compiledExecArgv(process.execArgv) });
    const current: RunningWorker = { worker, waiting: new Map() };
    const retire = (error: Error) => {
      if (this.#current === current) this.#current = undefined;
      failAll(current.waiting, error);
    };
    worker.unref();
    worker.on('message', (message: unknown) => {
      if (isRecordReply(message)) settle(current, message);
    });
    worker.on('error', retire);
    worker.on('exit', (code) => retire(new Error(`the SQLite record worker exited (code ${String(code)}) before storing the batch`)));
    this.#current = current;
    return current;
  }
}

interface RunningWorker {
  readonly worker: Worker;
  readonly waiting: Map<number, Waiter>;
}

function settle({ worker, waiting }: RunningWorker, reply: RecordReply): void {
  const waiter = waiting.get(reply.id);
  waiting.delete(reply.id);
  if (waiting.size === 0) worker.unref();
  if (waiter === undefined) return;
  if (reply.error === undefined) {
    waiter.resolve();
    return;
  }
  const error = new Error(reply.error.message);
  error.name = reply.error.name;
  waiter.reject(error);
}

function failAll(waiting: Map<number, Waiter>, error: Error): void {
  const waiters = [...waiting.values()];
  waiting.clear();
  for (const waiter of waiters) waiter.reject(error);
}

/**
 * The parent's Node flags without the `@switchyard/source` condition (under Vitest the parent
 * resolves workspace packages to their TypeScript sources; the worker runs compiled code only).
 */
export function compiledExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i] ?? '';
    if ((flag === '--conditions' || flag === '-C') && execArgv[i + 1] === SOURCE_CONDITION) i++;
    else if (flag !== `--conditions=${SOURCE_CONDITION}` && flag !== `-C=${SOURCE_CONDITION}`) kept.push(flag);
  }
  return kept;
}

/** False when the package has not been built (the worker runs compiled code only). */
export function recordWorkerAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

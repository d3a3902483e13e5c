import { parentPort, workerData } from 'node:worker_threads';
import type { SqliteStoreOptions } from './create-sqlite-store.js';
import { openSqliteInProcess } from './create-sqlite-store.js';
import { isRecordMessage, type RecordReply } from './record-protocol.js';

/**
 * The SQLite record writer's thread: its own connection to the database file, on which it stores
 * each batch of generation records and their charges (`Store.recordGenerations`), one at a time in
 * the order they arrive, and answers each with its id (and the error, if the batch failed).
 */
function main(): void {
  const port = parentPort;
  if (port === null) throw new Error('record-worker.js runs only as a worker thread');
  const store = openSqliteInProcess(workerData as SqliteStoreOptions);
  let queue = Promise.resolve();
  port.on('message', (message: unknown) => {
    if (!isRecordMessage(message)) {
      // The only other message is 'close'.
      queue = queue.then(() => store.close()).finally(() => port.close());
      return;
    }
    queue = queue.then(async () => {
      const reply: RecordReply = { id: message.id };
      try {
        await store.recordGenerations(message.records, message.charges, message.at);
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        port.postMessage({ ...reply, error: { name: failure.name, message: failure.message } } satisfies RecordReply);
        return;
      }
      port.postMessage(reply);
    });
  });
}

main();

import type { DirectCharge, GenerationRecord } from '@switchyard/core';

/** Main thread → record worker: store this batch (`Store.recordGenerations`). */
export interface RecordMessage {
  readonly type: 'record';
  readonly id: number;
  readonly records: readonly GenerationRecord[];
  readonly charges: readonly DirectCharge[];
  readonly at: Date;
}

/** Main thread → record worker: finish what is queued, close the connection and exit. */
export interface CloseMessage {
  readonly type: 'close';
}

/** Record worker → main thread: batch `id` is stored (committed), or failed with `error`. */
export interface RecordReply {
  readonly id: number;
  readonly error?: { readonly name: string; readonly message: string };
}

export function isRecordMessage(message: unknown): message is RecordMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'record';
}

export function isRecordReply(message: unknown): message is RecordReply {
  return typeof message === 'object' && message !== null && typeof (message as { id?: unknown }).id === 'number';
}

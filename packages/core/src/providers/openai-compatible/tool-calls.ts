import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { asArray, asNumber, asRecord, asString } from '../../json.js';
import { nonEmpty } from './parse-parts.js';

type ToolCallEvent = Extract<CanonicalEvent, { type: 'tool-call-delta' }>;

interface Slot {
  /** The id given by the provider (undefined when we derived one). */
  readonly upstreamId: string | undefined;
  nameSent: boolean;
}

interface Piece {
  readonly index: number | undefined;
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly args: string;
}

/** Providers have been seen sending arguments as an object instead of a JSON string. */
function argumentsText(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

function readPiece(raw: unknown): Piece | undefined {
  const call = asRecord(raw);
  if (call === undefined) return undefined;
  const fn = asRecord(call['function']) ?? {};
  return {
    index: asNumber(call['index']),
    id: nonEmpty(asString(call['id'])),
    name: nonEmpty(asString(fn['name'])),
    args: argumentsText(fn['arguments']),
  };
}

/** A deterministic id for a call the provider gave none (never random). */
export function derivedToolCallId(responseId: string | undefined, index: number): string {
  return responseId === undefined ? `call_${index}` : `call_${responseId}_${index}`;
}

/**
 * Streamed tool-call pieces → dense 0-based indexes in order of first appearance. Providers key
 * pieces by `index` (which may start at 1, or repeat with a new id for a new call), by `id` only
 * (Mistral sends whole calls without index), or by nothing (continue the last call).
 */
export class ToolCallIndexer {
  private readonly slots: Slot[] = [];
  private readonly byIndex = new Map<number, number>();
  private readonly byId = new Map<string, number>();
  private last: number | undefined;

  get count(): number {
    return this.slots.length;
  }

  push(rawCalls: unknown, responseId: string | undefined): ToolCallEvent[] {
    const events: ToolCallEvent[] = [];
    for (const raw of asArray(rawCalls)) {
      const piece = readPiece(raw);
      if (piece === undefined) continue;
      const { slot, isNew } = this.slotFor(piece);
      const state = this.slots[slot];
      if (state === undefined) continue;
      const sendName = piece.name !== undefined && !state.nameSent;
      if (!isNew && !sendName && piece.args === '') continue;
      const event: { -readonly [K in keyof ToolCallEvent]: ToolCallEvent[K] } = {
        type: 'tool-call-delta',
        index: slot,
        argumentsDelta: piece.args,
      };
      if (isNew) event.id = piece.id ?? derivedToolCallId(responseId, slot);
      if (sendName && piece.name !== undefined) {
        event.name = piece.name;
        state.nameSent = true;
      }
      events.push(event);
    }
    return events;
  }

  private slotFor(piece: Piece): { slot: number; isNew: boolean } {
    if (piece.index !== undefined) {
      const existing = this.byIndex.get(piece.index);
      const upstreamId = existing === undefined ? undefined : this.slots[existing]?.upstreamId;
      const sameCall = piece.id === undefined || upstreamId === undefined || upstreamId === piece.id;
      if (existing !== undefined && sameCall) return this.use(existing, false);
      const slot = this.allocate(piece.id);
      this.byIndex.set(piece.index, slot);
      return this.use(slot, true);
    }
    if (piece.id !== undefined) {
      const existing = this.byId.get(piece.id);
      return existing === undefined ? this.use(this.allocate(piece.id), true) : this.use(existing, false);
    }
    return this.last === undefined ? this.use(this.allocate(undefined), true) : this.use(this.last, false);
  }

  private allocate(upstreamId: string | undefined): number {
    const slot = this.slots.length;
    this.slots.push({ upstreamId, nameSent: false });
    if (upstreamId !== undefined) this.byId.set(upstreamId, slot);
    return slot;
  }

  private use(slot: number, isNew: boolean): { slot: number; isNew: boolean } {
    this.last = slot;
    return { slot, isNew };
  }
}

/** A key no provider uses for real tool calls. */
const LEGACY_FUNCTION_CALL_INDEX = -1;

/**
 * The tool calls of a delta or message, with the deprecated `function_call` (answer to the legacy
 * `functions` parameter) as one more call under its own key.
 */
export function toolCallsOf(source: Record<string, unknown>): unknown[] {
  const calls = [...asArray(source['tool_calls'])];
  const legacy = asRecord(source['function_call']);
  if (legacy !== undefined) calls.push({ index: LEGACY_FUNCTION_CALL_INDEX, function: legacy });
  return calls;
}

/** The complete tool calls of a non-streaming message, indexed by position. */
export function messageToolCallEvents(rawCalls: unknown, responseId: string | undefined): ToolCallEvent[] {
  const events: ToolCallEvent[] = [];
  for (const raw of asArray(rawCalls)) {
    const piece = readPiece(raw);
    if (piece === undefined) continue;
    const index = events.length;
    events.push({
      type: 'tool-call-delta',
      index,
      id: piece.id ?? derivedToolCallId(responseId, index),
      ...(piece.name === undefined ? {} : { name: piece.name }),
      argumentsDelta: piece.args,
    });
  }
  return events;
}

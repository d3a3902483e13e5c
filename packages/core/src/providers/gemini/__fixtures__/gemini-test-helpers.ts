/** Pure helpers for the Gemini adapter tests: summaries of canonical event lists. */
import type { ReasoningDetail } from '@switchyard/protocol';
import type { CanonicalEvent, UsagePatch } from '../../../canonical/canonical-event.js';
import type { GatewayError } from '../../../errors/gateway-error.js';
import { safeParseJson } from '../../../json.js';
import type { Outcome } from './gemini-fixtures.js';

/** The facts of a GatewayError worth snapshotting (vitest prints an Error as its message only). */
export function errorFacts(error: GatewayError) {
  return {
    code: error.code,
    status: error.status,
    message: error.message,
    upstreamStatus: error.options.upstreamStatus,
    providerCode: error.options.providerCode,
    retryAfterMs: error.options.retryAfterMs,
  };
}

/** Events with errors replaced by their facts, for snapshots. */
export function snapshotEvents(events: readonly CanonicalEvent[]): unknown[] {
  return events.map((event) => (event.type === 'error' ? { type: 'error', error: errorFacts(event.error) } : event));
}

export function textOf(events: readonly CanonicalEvent[]): string {
  return events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('');
}

export function reasoningOf(events: readonly CanonicalEvent[]): string {
  return events.flatMap((e) => (e.type === 'reasoning-delta' ? [e.delta] : [])).join('');
}

export function detailsOf(events: readonly CanonicalEvent[]): ReasoningDetail[] {
  return events.flatMap((e) => (e.type === 'reasoning-detail' || (e.type === 'reasoning-delta' && e.detail) ? [e.detail as ReasoningDetail] : []));
}

export interface AssembledCall {
  id: string | undefined;
  name: string | undefined;
  arguments: string;
}

export function toolCallsOf(events: readonly CanonicalEvent[]): AssembledCall[] {
  const calls: AssembledCall[] = [];
  for (const event of events) {
    if (event.type !== 'tool-call-delta') continue;
    const call = (calls[event.index] ??= { id: event.id, name: event.name, arguments: '' });
    call.arguments += event.argumentsDelta;
  }
  return calls;
}

export function usageOf(events: readonly CanonicalEvent[]): UsagePatch {
  const usage: UsagePatch = {};
  for (const event of events) if (event.type === 'usage') Object.assign(usage, event.usage);
  return usage;
}

/** The outcome a replay ended with, in the manifest's notation. */
export function outcomeOf(events: readonly CanonicalEvent[]): Outcome | undefined {
  const last = events.at(-1);
  if (last?.type === 'finish') return [last.reason, last.native];
  if (last?.type === 'error') return { error: last.error.code };
  return undefined;
}

/**
 * Stream-contract problems: response-start first, exactly one terminal event (finish or error) and it
 * is last, tool-call indexes dense from 0 with id and name on each call's first piece.
 */
export function contractProblems(events: readonly CanonicalEvent[]): string[] {
  const problems: string[] = [];
  if (events[0]?.type !== 'response-start' && events.length > 1) problems.push('response-start is not first');
  const terminals = events.filter((e) => e.type === 'finish' || e.type === 'error');
  if (terminals.length !== 1) problems.push(`${terminals.length} terminal events`);
  if (terminals[0] !== events.at(-1)) problems.push('the terminal event is not last');
  let nextIndex = 0;
  for (const event of events) {
    if (event.type !== 'tool-call-delta') continue;
    if (event.index > nextIndex) problems.push(`tool-call index ${event.index} skips ${nextIndex}`);
    if (event.index === nextIndex) {
      if (event.id === undefined || event.name === undefined) problems.push(`tool call ${event.index} lacks id or name`);
      nextIndex++;
    }
  }
  return problems;
}

/** JSON text → value for assertions (the project keeps JSON.parse inside core/json.ts). */
export function parseJson(text: string): unknown {
  const parsed = safeParseJson(text);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/** Pure helpers for the Cohere adapter tests: summaries of canonical event lists. */
import type { CanonicalEvent, UsagePatch } from '../../../canonical/canonical-event.js';
import type { GatewayError } from '../../../errors/gateway-error.js';

/** The facts of a GatewayError worth snapshotting (vitest prints an Error as its message only). */
export function errorFacts(error: GatewayError) {
  return {
    code: error.code,
    status: error.status,
    message: error.message,
    provider: error.options.provider,
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
  const seen = new Set<number>();
  for (const event of events) {
    if (event.type !== 'tool-call-delta') continue;
    if (event.index > seen.size) problems.push(`tool-call index ${event.index} skips ${seen.size}`);
    if (!seen.has(event.index) && (event.id === undefined || event.name === undefined)) {
      problems.push(`tool call ${event.index} starts without id or name`);
    }
    seen.add(event.index);
  }
  return problems;
}

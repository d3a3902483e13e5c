/**
 * Glue shared by the adapter fixture tests (packages/core/src/providers/<id>/): summaries of
 * canonical event lists, the stream contract, and the check that a test covers or skips exactly the
 * INDEX.md rows of its provider folders.
 */
import type { CanonicalEvent, ErrorCode, FinishReason, GatewayError, UsagePatch } from '@switchyard/core';
import { indexRows } from './fixtures.js';

export interface ErrorFacts {
  readonly code: ErrorCode;
  readonly status: number;
  readonly message: string;
  readonly provider?: string | undefined;
  readonly upstreamStatus: number | undefined;
  readonly providerCode: string | undefined;
  readonly retryAfterMs: number | undefined;
}

export interface FactOptions {
  /** Include the error's provider name (default true). */
  readonly provider?: boolean;
}

/** For snapshots taken without the provider name (the Gemini adapter's). */
export const WITHOUT_PROVIDER: FactOptions = { provider: false };

/** The facts of a GatewayError worth snapshotting (vitest prints an Error as its message only). */
export function errorFacts(error: GatewayError, options: FactOptions = {}): ErrorFacts {
  return {
    code: error.code,
    status: error.status,
    message: error.message,
    ...(options.provider === false ? {} : { provider: error.options.provider }),
    upstreamStatus: error.options.upstreamStatus,
    providerCode: error.options.providerCode,
    retryAfterMs: error.options.retryAfterMs,
  };
}

/** Events with errors replaced by their facts, for snapshots. */
export function snapshotEvents(events: readonly CanonicalEvent[], options: FactOptions = {}): unknown[] {
  return events.map((event) => (event.type === 'error' ? { type: 'error', error: errorFacts(event.error, options) } : event));
}

export function textOf(events: readonly CanonicalEvent[]): string {
  return events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('');
}

export function reasoningOf(events: readonly CanonicalEvent[]): string {
  return events.flatMap((e) => (e.type === 'reasoning-delta' ? [e.delta] : [])).join('');
}

type ReasoningDetail = Extract<CanonicalEvent, { type: 'reasoning-detail' }>['detail'];

/** Every reasoning_details entry the events carry, in order. */
export function detailsOf(events: readonly CanonicalEvent[]): ReasoningDetail[] {
  return events.flatMap((e) => (e.type === 'reasoning-detail' || (e.type === 'reasoning-delta' && e.detail) ? [e.detail as ReasoningDetail] : []));
}

export interface AssembledCall {
  id: string | undefined;
  name: string | undefined;
  arguments: string;
}

/** Tool-call pieces joined per index: the id and name of the first piece, all argument text. */
export function toolCallsOf(events: readonly CanonicalEvent[]): AssembledCall[] {
  const calls: AssembledCall[] = [];
  for (const event of events) {
    if (event.type !== 'tool-call-delta') continue;
    const call = (calls[event.index] ??= { id: event.id, name: event.name, arguments: '' });
    call.arguments += event.argumentsDelta;
  }
  return calls;
}

/** The usage patches merged in order (later fields win). */
export function usageOf(events: readonly CanonicalEvent[]): UsagePatch {
  const usage: UsagePatch = {};
  for (const event of events) if (event.type === 'usage') Object.assign(usage, event.usage);
  return usage;
}

/** `[unified, native]` of the final `finish` event, or the code of the error a replay ended with. */
export type Outcome = readonly [FinishReason, string | undefined] | { readonly error: ErrorCode };

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

export interface CoverageReport {
  /** INDEX.md rows the test neither replays nor skips. */
  readonly missing: string[];
  /** Files the test lists that INDEX.md does not have. */
  readonly unknown: string[];
  /** Files listed more than once (replayed twice, or replayed and skipped). */
  readonly duplicates: string[];
}

/**
 * How a test's replayed (`covered`) and `skipped` files match the INDEX.md rows of the given provider
 * folders ("## google", …): a complete test has an empty report.
 */
export function fixtureCoverage(folders: readonly string[], covered: readonly string[], skipped: readonly string[]): CoverageReport {
  const rows = new Set(folders.flatMap((folder) => indexRows(folder).map((row) => row.file)));
  const listed = [...covered, ...skipped];
  return {
    missing: [...rows].filter((file) => !listed.includes(file)).sort(),
    unknown: listed.filter((file) => !rows.has(file)).sort(),
    duplicates: listed.filter((file, i) => listed.indexOf(file) !== i).sort(),
  };
}

export const COMPLETE_COVERAGE: CoverageReport = { missing: [], unknown: [], duplicates: [] };

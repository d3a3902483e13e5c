import { invalidField, microToUsd, type ActivityQuery, type ActivityRow } from '@switchyard/core';
import type { KeyScope } from './key-scope.js';

const MS_PER_DAY = 86_400_000;
/** OpenRouter's window: the last 30 completed UTC days; Switchyard adds today so far (ADR 0009). */
export const ACTIVITY_DAYS = 30;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One `/activity` item (spec: ActivityItem). */
export interface ActivityItem {
  readonly date: string;
  readonly model: string;
  readonly model_permaslug: string;
  readonly endpoint_id: string;
  readonly provider_name: string;
  readonly usage: number;
  readonly byok_usage_inference: number;
  readonly requests: number;
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly reasoning_tokens: number;
}

export interface ActivityFilters {
  /** The key asked for by `api_key_hash`, resolved to its id (undefined: all keys in scope). */
  readonly keyId: string | undefined;
  readonly userId: string | undefined;
}

const invalid = invalidField;

/** `[from, to)` for the whole window, or one day of it when `date` is given (400 outside the window). */
export function activityWindow(now: Date, date: string | undefined): readonly [number, number] {
  const today = Math.floor(now.getTime() / MS_PER_DAY);
  const first = today - ACTIVITY_DAYS;
  if (date === undefined || date === '') return [first * MS_PER_DAY, now.getTime() + 1];
  const at = DATE.test(date) ? Date.parse(`${date}T00:00:00.000Z`) : Number.NaN;
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== date) throw invalid('date', 'Expected a UTC date as YYYY-MM-DD');
  const day = at / MS_PER_DAY;
  if (day < first || day > today) throw invalid('date', `Must be within the last ${String(ACTIVITY_DAYS)} days`);
  return [at, at + MS_PER_DAY];
}

/**
 * The store query for the caller's scope narrowed by the filters (a filter narrows, never widens;
 * conditions are ANDed); undefined when the filters contradict the scope, so nothing can match.
 */
export function activityQuery(scope: KeyScope, window: readonly [number, number], filters: ActivityFilters): ActivityQuery | undefined {
  const scopeKey = scope.kind === 'key' ? scope.keyId : undefined;
  const scopeUser = scope.kind === 'creator' ? scope.userId : undefined;
  if (scopeKey !== undefined && filters.keyId !== undefined && filters.keyId !== scopeKey) return undefined;
  if (scopeUser !== undefined && filters.userId !== undefined && filters.userId !== scopeUser) return undefined;
  const keyId = scopeKey ?? filters.keyId;
  const creatorUserId = scopeUser ?? filters.userId;
  return {
    accountId: scope.accountId,
    from: window[0],
    to: window[1],
    ...(keyId === undefined ? {} : { keyId }),
    ...(creatorUserId === undefined ? {} : { creatorUserId }),
  };
}

export function presentActivity(row: ActivityRow): ActivityItem {
  return {
    date: new Date(row.day * MS_PER_DAY).toISOString().slice(0, 10),
    model: row.model,
    model_permaslug: row.model,
    endpoint_id: `${row.model}@${row.providerId}`,
    provider_name: row.providerName,
    usage: microToUsd(row.costMicro),
    byok_usage_inference: microToUsd(row.byokUpstreamMicro),
    requests: row.requests,
    prompt_tokens: row.promptTokens,
    completion_tokens: row.completionTokens,
    reasoning_tokens: row.reasoningTokens,
  };
}

const CSV_COLUMNS: readonly (keyof ActivityItem)[] = [
  'date',
  'model',
  'model_permaslug',
  'endpoint_id',
  'provider_name',
  'requests',
  'prompt_tokens',
  'completion_tokens',
  'reasoning_tokens',
  'usage',
  'byok_usage_inference',
];

/** RFC 4180: quoted when needed; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it. */
function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function activityCsv(items: readonly ActivityItem[]): string {
  const lines = [CSV_COLUMNS.join(','), ...items.map((item) => CSV_COLUMNS.map((column) => csvCell(item[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** CSV when `format=csv`, or when `Accept` names text/csv and not JSON; JSON otherwise (`format=json` or absent). */
export function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  if (format === 'csv') return true;
  if (format === 'json') return false;
  if (format !== undefined && format !== '') throw invalid('format', 'Expected "json" or "csv"');
  const types = (accept ?? '').toLowerCase();
  return types.includes('text/csv') && !types.includes('application/json');
}

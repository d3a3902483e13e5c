import { asArray, asRecord, asString, safeParseJson } from '../../json.js';

/** A function call as the client sees it. */
export interface UnwrappedCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

const WRAPPER_NAMES: ReadonlySet<string> = new Set(['parallel', 'multi_tool_use.parallel']);

/** Whether a function call may be the `multi_tool_use.parallel` wrapper (decided once its arguments are complete). */
export function maybeParallelWrapper(name: string | undefined): boolean {
  return name !== undefined && WRAPPER_NAMES.has(name);
}

/**
 * Some GPT-5 models wrap parallel calls in one call of a tool the client never declared:
 * `parallel({tool_uses: [{recipient_name: "functions.weather", parameters: {...}}, …]})`. The
 * calls inside become separate tool calls (ids `<call_id>_<n>`). undefined: not that shape, the
 * call stays as it is.
 */
export function unwrapParallelCall(callId: string, args: string): UnwrappedCall[] | undefined {
  const parsed = safeParseJson(args);
  const uses = parsed.ok ? asArray(asRecord(parsed.value)?.['tool_uses']) : [];
  if (uses.length === 0) return undefined;
  const calls: UnwrappedCall[] = [];
  for (const [i, use] of uses.entries()) {
    const record = asRecord(use);
    const name = asString(record?.['recipient_name'])?.replace(/^functions\./, '');
    if (record === undefined || name === undefined || name === '') return undefined;
    calls.push({ id: `${callId}_${i}`, name, arguments: JSON.stringify(record['parameters'] ?? {}) });
  }
  return calls;
}

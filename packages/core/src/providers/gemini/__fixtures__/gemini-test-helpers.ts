/**
 * Pure helpers for the Gemini adapter tests. The event summaries (textOf, toolCallsOf, outcomeOf,
 * contractProblems, …) are shared by all adapters and live in @switchyard/test-support.
 */
import { safeParseJson } from '../../../json.js';

/** JSON text → value for assertions (the project keeps JSON.parse inside core/json.ts). */
export function parseJson(text: string): unknown {
  const parsed = safeParseJson(text);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

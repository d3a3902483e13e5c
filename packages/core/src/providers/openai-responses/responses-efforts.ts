import type { ReasoningEffort } from '@switchyard/protocol';
import { nearestEffort } from '../openai-compatible/build-request.js';

type Effort = Exclude<ReasoningEffort, 'none'>;

/**
 * `reasoning.effort` values per OpenAI model, as data; an effort the model lacks goes to the nearest one
 * it has (ties up), as OpenRouter maps them. A row matches a model that equals one of its names or
 * starts with it followed by `-` (dated snapshots); the first matching row wins. Models not listed
 * (Azure deployment names, Open Responses servers) get the effort as asked. Sources:
 * - GPT-6.2 Astra / Sol: "low medium high xhigh max"; GPT-6.1 Terra: "none low medium high xhigh max"
 *   (developers.openai.com/api/docs/models, read 2026-11-29); GPT-6 Luna: "none to max" (LiteLLM's
 *   GPT-6 Sol / Luna launch notes; secondary). `minimal` is on none of them; `none` is never sent
 *   (reasoning off leaves the model's default).
 * - gpt-5-pro: "defaults to (and only supports) high"; o-series: low, medium, high (OpenAI spec and
 *   SDK docs of `ReasoningEffort`).
 */
const EFFORT_TABLE: readonly { readonly models: readonly string[]; readonly levels: readonly Effort[] }[] = [
  { models: ['gpt-6.2-astra', 'gpt-6.2-sol', 'gpt-6.1-terra', 'gpt-6-luna'], levels: ['low', 'medium', 'high', 'xhigh', 'max'] },
  { models: ['gpt-5-pro'], levels: ['high'] },
  { models: ['o3-pro', 'o3', 'o4-mini', 'o1-pro', 'o1'], levels: ['low', 'medium', 'high'] },
];

/** The effort to send for the upstream model. */
export function responsesEffort(upstreamModel: string, wanted: Effort): Effort {
  const model = upstreamModel.toLowerCase();
  const named = (name: string): boolean => model === name || model.startsWith(`${name}-`);
  const levels = EFFORT_TABLE.find((row) => row.models.some(named))?.levels;
  return levels === undefined ? wanted : (nearestEffort(wanted, levels) ?? wanted);
}

import type { ChatCompletionRequest } from '@switchyard/protocol';
import { isRecord } from '../../json.js';
import { invalidField } from './parse-preferences.js';

/**
 * OpenRouter's `plugins[]` (OPENROUTER_API.md §3.9). Switchyard runs none of the plugins that change
 * the answer (web search, response healing, moderation, context compression), so asking for one is
 * a 400 that says so rather than a request silently served without it. Accepted:
 * - `auto-router`: settings for `openrouter/auto` (read by `autoSettings`);
 * - `file-parser` with no engine or engine `native`: PDFs go to the provider as they are, which is
 *   what `native` means; other engines (`pdf-text`, `mistral-ocr`) would parse on our side and are refused.
 * Plugins with `enabled: false` are ignored, as OpenRouter does.
 */
export function checkPlugins(request: ChatCompletionRequest): void {
  const plugins = (request as Record<string, unknown>)['plugins'];
  if (plugins === undefined || plugins === null) return;
  if (!Array.isArray(plugins)) throw invalidField('plugins', 'expected an array of {id, …} objects');
  plugins.forEach((plugin: unknown, index) => {
    const field = `plugins[${index}]`;
    if (!isRecord(plugin) || typeof plugin['id'] !== 'string') throw invalidField(field, 'expected an object with a string "id"');
    if (plugin['enabled'] === false) return;
    checkPlugin(plugin, plugin['id'], field);
  });
}

function checkPlugin(plugin: Record<string, unknown>, id: string, field: string): void {
  if (id === 'auto-router') return;
  if (id === 'file-parser') {
    const pdf = plugin['pdf'];
    const engine = isRecord(pdf) ? pdf['engine'] : undefined;
    if (engine === undefined || engine === 'native') return;
    throw invalidField(
      `${field}.pdf.engine`,
      `the "${String(engine)}" PDF engine is not available on this gateway; PDFs are sent to the provider as they are (engine "native")`,
    );
  }
  if (id === 'web') {
    throw invalidField(`${field}.id`, 'the web search plugin is not available on this gateway; remove it (or the ":online" model suffix)');
  }
  throw invalidField(`${field}.id`, `the "${id}" plugin is not available on this gateway (supported: "auto-router", "file-parser" with the native engine)`);
}

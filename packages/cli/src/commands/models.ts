import type { Command } from 'commander';
import { formatCount, perMillionTokens } from '../format/money.js';
import { renderTable, type Column } from '../format/table.js';
import { isNotFound, type EndpointInfo, type GatewayApi, type ModelEndpoints, type ModelInfo } from '../http/gateway-api.js';
import { openApi } from '../http/open-api.js';
import { processOutput, type Output } from '../output.js';
import { mapLimited } from '../progress.js';

interface ListOptions {
  readonly json?: boolean;
  readonly search?: string;
  readonly providers: boolean;
}

/** `switchyard models list|show`: the gateway's catalog over HTTP. */
export function registerModels(program: Command): void {
  const models = program.command('models').description('the models the gateway serves (over HTTP)');
  models
    .command('list')
    .description('table of models: context, prices per million tokens, providers')
    .option('--search <text>', 'only models whose id or name contains the text')
    .option('--no-providers', 'skip the per-model endpoint lookups that fill the PROVIDERS column')
    .option('--json', "print the gateway's JSON model list")
    .action((options: ListOptions, command: Command) => listModels(openApi(command, false), options, processOutput));
  models
    .command('show')
    .description('one model with each provider endpoint serving it')
    .argument('<model>', 'model id, e.g. openai/gpt-4o-mini')
    .option('--json', "print the gateway's JSON endpoints answer")
    .action((id: string, options: { json?: boolean }, command: Command) => showModel(openApi(command, false), id, options, processOutput));
}

interface ModelRow {
  readonly model: ModelInfo;
  readonly providers: readonly string[] | undefined;
}

const MODEL_COLUMNS: readonly Column<ModelRow>[] = [
  { header: 'ID', cell: ({ model }) => model.id },
  { header: 'CONTEXT', align: 'right', cell: ({ model }) => formatCount(model.context_length) },
  { header: 'PROMPT $/M', align: 'right', cell: ({ model }) => perMillionTokens(model.pricing.prompt) },
  { header: 'COMPLETION $/M', align: 'right', cell: ({ model }) => perMillionTokens(model.pricing.completion) },
  { header: 'PROVIDERS', cell: ({ providers }) => (providers === undefined ? '-' : providers.join(', ')) },
];

async function listModels(api: GatewayApi, options: ListOptions, output: Output): Promise<void> {
  const needle = options.search?.toLowerCase();
  const all = await api.listModels();
  const models = needle === undefined ? all : all.filter((model) => model.id.toLowerCase().includes(needle) || model.name.toLowerCase().includes(needle));
  if (options.json === true) {
    output.out(JSON.stringify({ data: models }, null, 2));
    return;
  }
  const providers = options.providers
    ? await mapLimited(models, 8, 'looking up providers', (model) => providersOf(api, model.id))
    : models.map(() => undefined);
  const rows = models.map((model, index) => ({ model, providers: providers[index] }));
  output.out(renderTable(MODEL_COLUMNS, rows));
  output.err(`${String(rows.length)} model${rows.length === 1 ? '' : 's'}`);
}

async function providersOf(api: GatewayApi, id: string): Promise<readonly string[] | undefined> {
  try {
    const { endpoints } = await api.modelEndpoints(id);
    return [...new Set(endpoints.map((endpoint) => endpoint.provider_name))];
  } catch (error) {
    if (isNotFound(error)) return undefined; // routers (openrouter/auto) pick among other models
    throw error;
  }
}

const ENDPOINT_COLUMNS: readonly Column<EndpointInfo>[] = [
  { header: 'PROVIDER', cell: (endpoint) => endpoint.provider_name },
  { header: 'CONTEXT', align: 'right', cell: (endpoint) => formatCount(endpoint.context_length) },
  { header: 'MAX OUTPUT', align: 'right', cell: (endpoint) => formatCount(endpoint.max_completion_tokens) },
  { header: 'PROMPT $/M', align: 'right', cell: (endpoint) => perMillionTokens(endpoint.pricing.prompt) },
  { header: 'COMPLETION $/M', align: 'right', cell: (endpoint) => perMillionTokens(endpoint.pricing.completion) },
  { header: 'QUANT', cell: (endpoint) => endpoint.quantization ?? '-' },
  { header: 'STATUS', cell: (endpoint) => statusText(endpoint.status) },
  { header: 'UPTIME 30M', align: 'right', cell: (endpoint) => (endpoint.uptime_last_30m == null ? '-' : `${endpoint.uptime_last_30m.toFixed(1)}%`) },
];

/** The endpoints API's `status`: 0 normal, -1 recently failing, -2 breaker half-open, -3 breaker open. */
function statusText(status: number | null | undefined): string {
  const words: Record<string, string> = { '0': 'ok', '-1': 'failing', '-2': 'probing', '-3': 'open' };
  return status == null ? '-' : (words[String(status)] ?? String(status));
}

async function showModel(api: GatewayApi, id: string, options: { json?: boolean }, output: Output): Promise<void> {
  const model: ModelEndpoints = await api.modelEndpoints(id);
  if (options.json === true) {
    output.out(JSON.stringify({ data: model }, null, 2));
    return;
  }
  output.out(`${model.id}  ${model.name}`);
  const description = model.description?.split('\n')[0]?.trim();
  if (description !== undefined && description !== '') output.out(description);
  output.out('');
  output.out(renderTable(ENDPOINT_COLUMNS, model.endpoints));
}

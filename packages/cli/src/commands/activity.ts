import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { formatCount, formatUsd } from '../format/money.js';
import { renderTable, type Column } from '../format/table.js';
import type { ActivityInfo } from '../http/gateway-api.js';
import { openApi } from '../http/open-api.js';
import { processOutput } from '../output.js';

interface ActivityOptions {
  readonly date?: string;
  readonly csv?: boolean;
  readonly json?: boolean;
}

/** `switchyard activity`: spend and tokens per day, model and provider over the last 30 days. */
export function registerActivity(program: Command): void {
  program
    .command('activity')
    .description('usage per day, model and provider (last 30 days) as a table')
    .option('--date <yyyy-mm-dd>', 'only this UTC day')
    .option('--csv', "print the server's CSV instead")
    .option('--json', "print the server's JSON instead")
    .action(async (options: ActivityOptions, command: Command) => {
      if (options.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.date)) throw new UsageError(`--date: "${options.date}" is not a date like 2026-11-29`);
      const api = openApi(command, true);
      if (options.csv === true) {
        process.stdout.write(await api.activityCsv(options.date));
        return;
      }
      const items = await api.activity(options.date);
      if (options.json === true) processOutput.out(JSON.stringify({ data: items }, null, 2));
      else if (items.length === 0) processOutput.err('No activity in this period.');
      else processOutput.out(renderTable(ACTIVITY_COLUMNS, items));
    });
}

const ACTIVITY_COLUMNS: readonly Column<ActivityInfo>[] = [
  { header: 'DATE', cell: (item) => item.date },
  { header: 'MODEL', cell: (item) => item.model },
  { header: 'PROVIDER', cell: (item) => item.provider_name },
  { header: 'REQUESTS', align: 'right', cell: (item) => formatCount(item.requests) },
  { header: 'PROMPT', align: 'right', cell: (item) => formatCount(item.prompt_tokens) },
  { header: 'COMPLETION', align: 'right', cell: (item) => formatCount(item.completion_tokens) },
  { header: 'REASONING', align: 'right', cell: (item) => formatCount(item.reasoning_tokens) },
  { header: 'USAGE', align: 'right', cell: (item) => formatUsd(item.usage) },
  { header: 'BYOK', align: 'right', cell: (item) => formatUsd(item.byok_usage_inference) },
];

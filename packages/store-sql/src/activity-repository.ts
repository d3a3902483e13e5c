import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { ActivityQuery, ActivityRepository, ActivityRow } from '@switchyard/core';
import { fromDbInteger, toMicro } from './codec.js';
import type { Database } from './schema.js';

const MS_PER_DAY = 86_400_000;
type DbNumber = number | string | bigint;

/**
 * `GET /activity` aggregated by the database: one GROUP BY over the account's generations in the
 * window (index `generations_account_id_created_at_idx`). The UTC day is `created_at / 86400000`,
 * integer division on both SQLite and PostgreSQL (times are positive epoch milliseconds).
 */
export function activityRepository(db: Kysely<Database>): ActivityRepository {
  return {
    async query(query) {
      assertWindow(query);
      const day = sql<DbNumber>`created_at / ${sql.lit(MS_PER_DAY)}`;
      let select = db
        .selectFrom('generations')
        .where('account_id', '=', query.accountId)
        .where('created_at', '>=', query.from)
        .where('created_at', '<', query.to)
        .where('provider_id', 'is not', null);
      if (query.keyId !== undefined) select = select.where('key_id', '=', query.keyId);
      if (query.creatorUserId !== undefined) {
        const keys = db.selectFrom('api_keys').select('id').where('account_id', '=', query.accountId).where('creator_user_id', '=', query.creatorUserId);
        select = select.where('key_id', 'in', keys);
      }
      const rows = await select
        .select([
          day.as('day'),
          'model',
          'provider_id',
          sql<string>`max(coalesce(provider_name, provider_id))`.as('provider_name'),
          sql<DbNumber>`count(*)`.as('requests'),
          sql<DbNumber>`coalesce(sum(tokens_prompt), 0)`.as('prompt_tokens'),
          sql<DbNumber>`coalesce(sum(tokens_completion), 0)`.as('completion_tokens'),
          sql<DbNumber>`coalesce(sum(native_tokens_reasoning), 0)`.as('reasoning_tokens'),
          sql<DbNumber>`coalesce(sum(cost_micro), 0)`.as('cost'),
          sql<DbNumber>`coalesce(sum(case when is_byok then upstream_cost_micro else 0 end), 0)`.as('byok_upstream'),
        ])
        .groupBy([day, 'model', 'provider_id'])
        .orderBy(day)
        .orderBy('model')
        .orderBy('provider_id')
        .execute();
      return rows.map(
        (row): ActivityRow => ({
          day: fromDbInteger(row.day, 'activity.day'),
          model: row.model,
          providerId: row.provider_id ?? '',
          providerName: row.provider_name,
          requests: fromDbInteger(row.requests, 'activity.requests'),
          promptTokens: fromDbInteger(row.prompt_tokens, 'activity.prompt_tokens'),
          completionTokens: fromDbInteger(row.completion_tokens, 'activity.completion_tokens'),
          reasoningTokens: fromDbInteger(row.reasoning_tokens, 'activity.reasoning_tokens'),
          costMicro: toMicro(row.cost, 'activity.cost'),
          byokUpstreamMicro: toMicro(row.byok_upstream, 'activity.byok_upstream'),
        }),
      );
    },
  };
}

function assertWindow(query: ActivityQuery): void {
  if (!Number.isSafeInteger(query.from) || !Number.isSafeInteger(query.to) || query.from < 0 || query.to < query.from) {
    throw new RangeError('activity window must be safe non-negative integers with from <= to');
  }
}

import { GatewayError, microToUsd, type ApiKeyRecord, type KeySpend, type Store } from '@switchyard/core';
import { DEFAULT_ACCOUNT_ID, generateSecret, hashSecret, maskSecret, newKeyId, parseCreateKeyRequest, parseUpdateKeyRequest } from '@switchyard/server';
import { asUsage } from '../api-errors.js';
import { UsageError } from '../errors.js';
import { formatUsd } from '../format/money.js';
import { renderTable, type Column } from '../format/table.js';
import type { Output } from '../output.js';
import { withStore } from '../storage.js';
import { findKey, listAllKeys } from './key-lookup.js';
import { fieldsUpdate, type AccountOption, type CreateOptions } from './keys.js';

type CreateKeyRequest = ReturnType<typeof parseCreateKeyRequest>;

const accountOf = (options: AccountOption): string => options.account ?? DEFAULT_ACCOUNT_ID;

/** Checks the flags first (as `POST /keys` checks its body), then opens the database. */
export function createKey(options: CreateOptions, output: Output): Promise<void> {
  const now = new Date();
  const body = { ...fieldsUpdate(options), ...(options.expiresAt === undefined ? {} : { expires_at: options.expiresAt }) };
  const request = asUsage(() => parseCreateKeyRequest(body, now));
  return withStore(options, (store) => create(store, request, options, output, now));
}

async function create(store: Store, request: CreateKeyRequest, options: CreateOptions, output: Output, now: Date): Promise<void> {
  const account = accountOf(options);
  await store.accounts.ensure({ id: account, name: account === DEFAULT_ACCOUNT_ID ? 'Default account' : account, createdAt: now });
  const secret = generateSecret();
  const record = await store.keys.create({
    id: newKeyId(),
    hash: hashSecret(secret),
    label: maskSecret(secret),
    name: request.name,
    kind: options.provisioning === true ? 'provisioning' : 'inference',
    accountId: account,
    limitMicro: request.limitMicro,
    limitReset: request.limitReset,
    includeByokInLimit: request.includeByokInLimit,
    createdAt: now,
    expiresAt: request.expiresAt,
  });
  if (options.json === true) {
    output.out(JSON.stringify({ key: secret, data: presentKey(record, undefined) }, null, 2));
    return;
  }
  output.err(`Created ${record.kind} key "${record.name}" (hash ${record.hash}). Its secret is shown only once:`);
  output.out(secret);
}

export function listKeys(options: AccountOption, output: Output): Promise<void> {
  return withStore(options, (store) => list(store, accountOf(options), options.json === true, output));
}

async function list(store: Store, account: string, json: boolean, output: Output): Promise<void> {
  const now = new Date();
  const keys = await listAllKeys(store.keys, account);
  const rows = await Promise.all(keys.map(async (key) => ({ key, spend: await store.ledger.keySpend(key.id, now) })));
  if (json) {
    output.out(JSON.stringify({ data: rows.map(({ key, spend }) => presentKey(key, spend)) }, null, 2));
    return;
  }
  if (rows.length === 0) {
    output.err(`No keys in account ${account}. Create one with: switchyard keys create --name NAME`);
    return;
  }
  output.out(renderTable(KEY_COLUMNS, rows));
}

type KeyRow = { readonly key: ApiKeyRecord; readonly spend: KeySpend };

const KEY_COLUMNS: readonly Column<KeyRow>[] = [
  { header: 'HASH', cell: ({ key }) => key.hash },
  { header: 'NAME', cell: ({ key }) => key.name },
  { header: 'LABEL', cell: ({ key }) => key.label },
  { header: 'KIND', cell: ({ key }) => key.kind },
  { header: 'LIMIT', align: 'right', cell: ({ key }) => limitText(key) },
  { header: 'USAGE', align: 'right', cell: ({ spend }) => formatUsd(microToUsd(spend.total)) },
  { header: 'DISABLED', cell: ({ key }) => (key.disabled ? 'yes' : 'no') },
];

function limitText(key: ApiKeyRecord): string {
  if (key.limitMicro === null) return 'none';
  const amount = formatUsd(microToUsd(key.limitMicro));
  return key.limitReset === null ? amount : `${amount}/${RESET_WINDOW[key.limitReset]}`;
}

const RESET_WINDOW = { daily: 'day', weekly: 'week', monthly: 'month' } as const;

/** A key in the `/keys` API's words (hash, name, label, limit in USD, …); `usage` when known. */
function presentKey(key: ApiKeyRecord, spend: KeySpend | undefined) {
  return {
    hash: key.hash,
    id: key.id,
    name: key.name,
    label: key.label,
    kind: key.kind,
    disabled: key.disabled,
    limit: key.limitMicro === null ? null : microToUsd(key.limitMicro),
    limit_reset: key.limitReset,
    include_byok_in_limit: key.includeByokInLimit,
    ...(spend === undefined ? {} : { usage: microToUsd(spend.total), usage_daily: microToUsd(spend.daily), usage_weekly: microToUsd(spend.weekly), usage_monthly: microToUsd(spend.monthly) }),
    created_at: key.createdAt.toISOString(),
    expires_at: key.expiresAt === null ? null : key.expiresAt.toISOString(),
    account_id: key.accountId,
  };
}

export async function updateKey(ref: string, options: AccountOption, fields: Record<string, unknown>, output: Output): Promise<void> {
  const changes = asUsage(() => parseUpdateKeyRequest(fields));
  if (Object.keys(changes).length === 0) throw new UsageError('nothing to change: give --name, --limit, --limit-reset or --[no-]include-byok-in-limit');
  await withStore(options, async (store) => {
    const key = await findKey(store.keys, accountOf(options), ref);
      const updated = await store.keys.update(key.id, changes, new Date());
    if (updated === undefined) throw new GatewayError('not_found', `key ${key.hash} was deleted meanwhile`);
    const state = updated.disabled ? 'disabled' : 'enabled';
    output.out(`Updated key "${updated.name}" (${updated.hash}): limit ${limitText(updated)}, ${state}.`);
  });
}

export function deleteKey(ref: string, options: AccountOption, output: Output): Promise<void> {
  return withStore(options, async (store) => {
    const key = await findKey(store.keys, accountOf(options), ref);
    if (!(await store.keys.delete(key.id, new Date()))) throw new GatewayError('not_found', `key ${key.hash} was deleted meanwhile`);
    output.out(`Deleted key "${key.name}" (${key.hash}).`);
  });
}

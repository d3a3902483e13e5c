import { randomUUID } from 'node:crypto';
import { GatewayError, type ByokCredentialRecord, type ByokRepository, type Clock, type Page, type PageRequest } from '@switchyard/core';
import type { ByokCipher } from './byok-cipher.js';
import { maskSecret, type CreateByokRequest, type UpdateByokRequest } from './byok-request.js';

export interface ByokCredentialsDeps {
  readonly repository: ByokRepository;
  /** Undefined without `SWITCHYARD_BYOK_KEY`: BYOK is off. */
  readonly cipher: ByokCipher | undefined;
  /** Providers an account may bring its own key for (enabled, authenticated by an API key). */
  readonly providers: ReadonlySet<string>;
  readonly clock: Clock;
  /** Called after every write, so this process's routing sees it at once. */
  readonly onChange: () => void;
}

/** What binds a sealed key to its row: copied to another account or provider, it does not open. */
export function sealContext(record: Pick<ByokCredentialRecord, 'id' | 'accountId' | 'provider'>): string {
  return `${record.id}:${record.accountId}:${record.provider}`;
}

/** 400 when BYOK is off (no `SWITCHYARD_BYOK_KEY`): the gateway runs, it just cannot store keys. */
export function byokDisabled(): GatewayError {
  return new GatewayError(
    'invalid_request',
    'BYOK is not enabled on this gateway: the operator must set SWITCHYARD_BYOK_KEY (32 bytes, hex or base64) to store provider keys.',
    { metadata: { reason: 'byok_disabled' } },
  );
}

/**
 * The management side of BYOK (`/byok`): one credential per account and provider, the key sealed
 * before it reaches the store. Every read and write is scoped to the caller's account.
 */
export class ByokCredentials {
  constructor(private readonly deps: ByokCredentialsDeps) {}

  /** Creates the provider's credential, or replaces the key (and name, disabled) of the existing one. */
  async put(accountId: string, request: CreateByokRequest): Promise<{ record: ByokCredentialRecord; created: boolean }> {
    const cipher = this.cipher();
    this.checkProvider(request.provider);
    const existing = await this.deps.repository.findByProvider(accountId, request.provider);
    if (existing !== undefined) {
      const record = await this.update(accountId, existing.id, { key: request.key, name: request.name, disabled: request.disabled });
      return { record, created: false };
    }
    const identity = { id: randomUUID(), accountId, provider: request.provider };
    const input = { ...identity, name: request.name, label: maskSecret(request.key), disabled: request.disabled };
    const secret = cipher.seal(request.key, sealContext(identity));
    try {
      const record = await this.deps.repository.create({ ...input, secret, createdAt: this.deps.clock.now() });
      this.deps.onChange();
      return { record, created: true };
    } catch (error) {
      // A concurrent create for the same provider took the unique (account, provider): replace its key.
      const raced = await this.deps.repository.findByProvider(accountId, request.provider);
      if (raced === undefined) throw error;
      const record = await this.update(accountId, raced.id, { key: request.key, name: request.name, disabled: request.disabled });
      return { record, created: false };
    }
  }

  list(accountId: string, page: PageRequest, provider: string | undefined): Promise<Page<ByokCredentialRecord>> {
    return this.deps.repository.list(accountId, page, provider);
  }

  async get(accountId: string, id: string): Promise<ByokCredentialRecord> {
    const record = await this.deps.repository.get(accountId, id);
    if (record === undefined) throw notFound();
    return record;
  }

  async update(accountId: string, id: string, request: UpdateByokRequest): Promise<ByokCredentialRecord> {
    const current = await this.get(accountId, id);
    const rotate =
      request.key === undefined ? undefined : { secret: this.cipher().seal(request.key, sealContext(current)), label: maskSecret(request.key) };
    const changes = {
      ...(request.name === undefined ? {} : { name: request.name }),
      ...(request.disabled === undefined ? {} : { disabled: request.disabled }),
      ...(rotate === undefined ? {} : { rotate }),
    };
    const updated = await this.deps.repository.update(accountId, id, changes, this.deps.clock.now());
    this.deps.onChange();
    if (updated === undefined) throw notFound();
    return updated;
  }

  async delete(accountId: string, id: string): Promise<void> {
    const deleted = await this.deps.repository.delete(accountId, id);
    this.deps.onChange();
    if (!deleted) throw notFound();
  }

  private cipher(): ByokCipher {
    if (this.deps.cipher === undefined) throw byokDisabled();
    return this.deps.cipher;
  }

  private checkProvider(provider: string): void {
    if (this.deps.providers.has(provider)) return;
    const supported = [...this.deps.providers].sort();
    throw new GatewayError('invalid_request', `provider: "${provider}" does not take an own API key on this gateway`, {
      metadata: { field: 'provider', supported_providers: supported },
    });
  }
}

function notFound(): GatewayError {
  return new GatewayError('not_found', 'BYOK credential not found');
}

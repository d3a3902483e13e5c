import type { ActivityRepository, OrganizationRepository } from '@switchyard/core';
import type { InTransaction } from './organization-admin.js';

/** What the HTTP layer needs for organisations and activity. */
export interface OrganizationDeps {
  readonly repository: OrganizationRepository;
  readonly activity: ActivityRepository;
  /** The store's transaction (the operator's writes: an organisation and its first key together). */
  readonly transaction: InTransaction;
}

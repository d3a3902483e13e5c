import { MIGRATIONS } from '@switchyard/store-sql';

/** How many migrations the gateway has (the CLI reports them by count). */
export const MIGRATION_COUNT = Object.keys(MIGRATIONS).length;

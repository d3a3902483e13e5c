import type { Output } from '../output.js';
import type { StoreOptions } from '../store-options.js';
import { describeStorage, loadCliConfig, migrationStatus, openExistingStore } from '../storage.js';

/** Brings the database schema up to date, one progress line per step. */
export async function migrate(options: StoreOptions, output: Output): Promise<void> {
  const config = await loadCliConfig(options);
  output.out(`Opening ${describeStorage(config)}…`);
  const store = await openExistingStore(config);
  try {
    const before = await migrationStatus(store);
    if (before.pending.length === 0) {
      output.out(`Schema is up to date (${String(before.applied.length)} migrations applied).`);
      return;
    }
    output.out(`Applying ${String(before.pending.length)} of ${String(before.applied.length + before.pending.length)} migrations…`);
    const started = Date.now();
    await store.migrate();
    const after = await migrationStatus(store);
    const appliedNow = new Set(after.applied);
    for (const name of before.pending) output.out(`  ${appliedNow.has(name) ? '✓' : '✗'} ${name}`);
    output.out(`Done in ${String(Date.now() - started)} ms: ${String(after.applied.length)} migrations applied, ${String(after.pending.length)} pending.`);
  } finally {
    await store.close();
  }
}

// Writes docs/providers.md from the bundled catalog and each adapter's capabilities (run after `tsc -b`).
import { writeFileSync } from 'node:fs';
import { bundledProviderRows, renderProviderDocs, undeclaredCapabilities } from '../packages/server/dist/docs/provider-docs.js';

const rows = bundledProviderRows();
writeFileSync(new URL('../docs/providers.md', import.meta.url), renderProviderDocs(rows));
console.log('docs/providers.md written');
const missing = undeclaredCapabilities(rows);
if (missing.length > 0) {
  console.error(`These bundled providers' adapters declare no capabilities (shown as "?"):\n  ${missing.join('\n  ')}`);
  process.exitCode = 1;
}

// Writes docs/errors.md from the error table (run after `tsc -b`).
import { writeFileSync } from 'node:fs';
import { renderErrorDocs } from '@switchyard/core';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorDocs());
console.log('docs/errors.md written');

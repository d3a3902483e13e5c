import { defineConfig } from 'tsup';

/**
 * The CommonJS half of the package: `dist/index.cjs` and `dist/index.d.cts`, next to the ESM build
 * that `tsc -b` writes to `dist/` (index.js, index.d.ts and the modules they import). `clean` stays
 * off so neither build removes the other's files.
 */
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['cjs'],
  outDir: 'dist',
  outExtension: () => ({ js: '.cjs' }),
  dts: { compilerOptions: { composite: false, declarationMap: false } },
  target: 'node20',
  platform: 'neutral',
  clean: false,
  sourcemap: false,
  splitting: false,
  treeshake: true,
});

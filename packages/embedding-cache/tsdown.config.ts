import { defineConfig } from 'tsdown';

// The published build: one ESM entry and its bundled declarations (`dist/index.mjs` + `dist/index.d.mts`).
// Declarations come from oxc's isolatedDeclarations (the base tsconfig turns it on), so no type check runs here.
// `dependencies` (workspace packages, onnxruntime-node, ...) stay external imports. `inlineOnly: []` makes the
// build fail instead of silently bundling a package from node_modules that package.json does not declare.
// biome-ignore lint/style/noDefaultExport: tsdown loads its config through a default export.
export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  fixedExtension: true,
  dts: true,
  inlineOnly: [],
});

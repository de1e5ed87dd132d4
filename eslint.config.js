import tseslint from 'typescript-eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import layering from './eslint-rules/layering.js';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Pure modules the renderer may share with main (no Node, no DOM-only code in them). */
export const rendererMayImport = ['native/barcode/wedge.ts', 'native/barcode/classify.ts', 'native/types.ts', 'main/core/identity/index.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'tests/fixtures/lint/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { local: { rules: { layering } } },
    rules: {
      'local/layering': ['error', { root, rendererMayImport }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    // Tests build malformed data on purpose (bad catalogs, tampered rows).
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);

// Where a package's command-line entry lives. Packages with an `exports` map (Vite 7, for one)
// refuse `require.resolve('<pkg>/bin/…')`, but every package exports or at least ships its
// package.json, whose `bin` field names the file: resolve that and join.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

/** The absolute path of `pkg`'s command `name` (its only command when `name` is omitted). */
export function packageBin(pkg, name) {
  const manifest = require.resolve(`${pkg}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  const rel = typeof bin === 'string' ? bin : bin?.[name ?? pkg.split('/').pop()] ?? (bin && Object.values(bin).length === 1 ? Object.values(bin)[0] : undefined);
  if (!rel) throw new Error(`${pkg} has no command ${name ?? ''} in its package.json "bin"`);
  return path.join(path.dirname(manifest), rel);
}

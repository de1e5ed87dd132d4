// Bundles the Node host (main/host/cli.ts) with esbuild into dist/host/cli.mjs, which is what
// `npm start` runs. Running the TypeScript through tsx made every start transpile the host and its
// imports again: about 0.5–1 s of a 1.5 s start-up budget (tests/bench/host.bench.ts measures both).
// Packages stay external (loaded from node_modules as they are); only our own code is bundled.
// Any esbuild warning fails the build, as for the Electron shell.
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const hostBundle = path.join(root, 'dist', 'host', 'cli.mjs');
const SOURCES = ['main', 'native', 'preload', 'resources', 'package.json'];

function newestMtime(p) {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** True when the bundle is missing or older than any source it is built from. */
export function hostBundleStale() {
  if (!existsSync(hostBundle)) return true;
  const built = statSync(hostBundle).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

/** Builds dist/host/cli.mjs; returns false (esbuild has printed why) on an error or a warning. */
export async function buildHost() {
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['main/host/cli.ts'],
      outfile: hostBundle,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
      sourcemap: true,
      logLevel: 'warning',
    });
    if (result.warnings.length) {
      console.error(`[build-host] ${result.warnings.length} warning(s): the host bundle must build clean (see above).`);
      return false;
    }
    return true;
  } catch {
    return false;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!(await buildHost())) process.exit(1);
  console.log(`[build-host] ${path.relative(root, hostBundle)}`);
}

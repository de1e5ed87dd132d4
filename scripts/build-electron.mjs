// Bundles the Electron shell and preload with esbuild (CommonJS, as Electron's sandboxed
// preload requires). Native modules stay external: electron-builder rebuilds them for
// Electron's ABI at packaging time (install-app-deps), on a machine that can reach Electron's headers.
//
// `import.meta` does not exist in CommonJS: esbuild replaces it with `{}` and only warns, and
// `createRequire(import.meta.url)` (how our ESM source loads CommonJS-only packages such as
// pdfmake, node-hid and serialport, and finds the font package's files) then throws at load.
// The main bundle therefore defines `import.meta.url` as the bundle file's own URL, which is what
// it means for code that now lives in that file: packages resolve from the app's node_modules.
// Code must not derive source-relative paths from it (main/host/paths.ts is not in this bundle).
// Any warning fails the build, so a new construct esbuild cannot carry over is caught here.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', metafile: true };

const bundles = [
  {
    ...common,
    entryPoints: ['main/electron/main.ts'],
    outfile: 'dist/electron/main.cjs',
    external: ['electron', 'better-sqlite3', 'better-sqlite3-multiple-ciphers', 'node-hid', 'serialport', 'sharp'],
    define: { 'import.meta.url': '__wdModuleUrl' },
    banner: { js: "const __wdModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  },
  // The sandboxed preload may require only 'electron' and a few polyfilled modules: no banner, no Node.
  { ...common, entryPoints: ['preload/index.ts'], outfile: 'dist/electron/preload.cjs', external: ['electron'] },
];

let problems = 0;
for (const options of bundles) {
  try {
    const result = await build(options);
    if (result.warnings.length) {
      problems += result.warnings.length;
      console.error(`[build-electron] ${options.outfile}: ${result.warnings.length} warning(s) — the shell bundle must build clean (see above).`);
    } else {
      const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
      console.log(`[build-electron] ${options.outfile} (${(bytes / 1024).toFixed(0)} KiB with its source map)`);
    }
  } catch {
    problems++; // esbuild has printed the errors
  }
}
if (problems) process.exit(1);

// Bundles the Electron shell and preload with esbuild (CommonJS, as Electron's sandboxed
// preload requires). Native modules stay external: electron-builder rebuilds them for
// Electron's ABI at packaging time (install-app-deps), on a machine that can reach Electron's headers.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'info' };
await build({ ...common, entryPoints: ['main/electron/main.ts'], outfile: 'dist/electron/main.cjs', external: ['electron', 'better-sqlite3', 'node-hid', 'sharp'] });
await build({ ...common, entryPoints: ['preload/index.ts'], outfile: 'dist/electron/preload.cjs', external: ['electron'] });

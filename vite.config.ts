import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { appCsp } from './common/csp';

const CSP_PLACEHOLDER = '%WINDOWDESK_APP_CSP%';

/** Writes the app's policy (common/csp.ts) into index.html's meta tag; a page that asks for it and does not get it fails the build. */
function appCspMeta(): Plugin {
  return {
    name: 'windowdesk-app-csp',
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        const out = html.replaceAll(CSP_PLACEHOLDER, appCsp('browser', 'meta'));
        if (ctx.filename.endsWith('/index.html') && !out.includes('http-equiv="Content-Security-Policy"')) {
          throw new Error('renderer/index.html must carry the CSP meta tag with ' + CSP_PLACEHOLDER);
        }
        return out;
      },
    },
  };
}

const page = (name: string) => fileURLToPath(new URL(`./renderer/${name}`, import.meta.url));

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), appCspMeta()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    // Fonts stay files: the app's CSP (common/csp.ts) allows fonts from 'self' only, so the small
    // subsets Vite would inline as data: URLs were refused and their glyphs fell back to another font.
    assetsInlineLimit: (file) => (/\.(woff2?|ttf|otf)$/.test(file) ? false : undefined),
    rollupOptions: {
      // cv-sandbox.html is the OpenCV frame the camera dialog embeds; it is served with its own CSP
      // (see renderer/src/cv-sandbox/main.ts), so it must be a page of its own, not part of index.html.
      input: { index: page('index.html'), 'cv-sandbox': page('cv-sandbox.html') },
    },
  },
});

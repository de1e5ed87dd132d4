import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const page = (name: string) => fileURLToPath(new URL(`./renderer/${name}`, import.meta.url));

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // cv-sandbox.html is the OpenCV frame the camera dialog embeds; it is served with its own CSP
      // (see renderer/src/cv-sandbox/main.ts), so it must be a page of its own, not part of index.html.
      input: { index: page('index.html'), 'cv-sandbox': page('cv-sandbox.html') },
    },
  },
});

import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * `npx vite build web` writes the dashboard to web/dist, which `sextant serve` serves. For
 * development, `npx vite web` proxies the API to a `sextant serve` on port 8080.
 */
export default defineConfig({
  // web/ itself, wherever vite is started from.
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 600 },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:8080', ws: true } } },
});

// Web UI build (src/web → dist/web). The server serves dist/web; in development `vite` proxies /api to it.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));
// Where `vite` (dev server) forwards /api; the API server listens on port 3000 by default.
const apiTarget = process.env.PHONGDICH_DEV_API ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: {
      // '/api/' with the slash: a bare '/api' prefix would also catch the module /api.ts of the app.
      '/api/': { target: apiTarget, changeOrigin: false },
    },
  },
});

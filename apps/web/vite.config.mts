import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Served by the API process at `/`; `npm run dev:web` proxies the API routes to a running `npm start`.
const API = process.env.API_URL ?? 'http://localhost:3000';
const apiRoutes = ['/auth', '/units', '/regulations', '/dossiers', '/dossier-events', '/appraisal-queue', '/audit-trail', '/communes', '/statistics', '/plans', '/deadlines', '/health'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Charts are loaded with the statistics page only; the first load stays small.
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      // React Server Components' "use client" markers mean nothing in a browser-only bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: Object.fromEntries(apiRoutes.map((r) => [r, { target: API, changeOrigin: false }])) },
});

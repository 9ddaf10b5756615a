import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const apiTarget = process.env.DESK_API_URL ?? 'http://localhost:3100';

// The web app is built into dist/ and served by the api at `/` (with SPA fallback for deep links).
// API types come from libs/contracts through the @desk/contracts alias: never retyped here.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      '@desk/contracts': here('../../libs/contracts/src/index.ts'),
      '@': here('./src'),
    },
  },
  server: {
    port: 5173,
    fs: { allow: [here('.'), here('../../libs/contracts')] },
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/health': apiTarget,
      '/ready': apiTarget,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        // Long-lived vendor chunks: the framework and Mantine change rarely, the app often.
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ }],
        },
      },
    },
  },
});

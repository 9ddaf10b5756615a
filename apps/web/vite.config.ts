import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { constants } from 'node:zlib';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { firstPagePreload } from './build/first-page';
import { staticForms } from './build/static-forms';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const apiTarget = process.env.DESK_API_URL ?? 'http://localhost:3100';

/**
 * Vendor chunks by how often they change and which pages need them. The sign-in and report pages
 * load only `react`, `mantine` and `app` code; the charts, the data tables and the date pickers
 * are fetched by the pages that show them.
 */
/**
 * Modules the entry or the sign-in page import, and the date fields (they pull in the date pickers):
 * never moved into a chunk of the signed-in pages.
 */
const SIGN_IN_PATH =
  /(IconAlertTriangle|IconInbox|IconInfoCircle|createReactComponent|defaultAttributes|[\\/]src[\\/](api[\\/](client|hooks)|components[\\/](States|LanguageSwitch|PasswordField|DateFields)|lib[\\/](problem|roles|title|focus-errors)))\b/;

const VENDOR_GROUPS: {
  name: string;
  test: RegExp | ((id: string) => boolean);
  priority: number;
  minShareCount?: number;
  tags?: '$initial'[];
}[] = [
  // What every page needs, captured first (a group also takes the dependencies nobody took before).
  {
    name: 'react',
    test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser)[\\/]/,
    priority: 40,
  },
  {
    name: 'mantine',
    test: /node_modules[\\/](@mantine[\\/](core|hooks|notifications|store|form)|@floating-ui|react-remove-scroll[a-z-]*|react-textarea-autosize|react-number-format|use-callback-ref|use-sidecar|react-style-singleton|get-nonce|detect-node-es|tslib|clsx|klona|@babel[\\/]runtime)[\\/]/,
    priority: 35,
  },
  {
    name: 'base',
    test: /node_modules[\\/](i18next|react-i18next|html-parse-stringify|void-elements|dayjs|@tanstack|zod|use-sync-external-store)[\\/]/,
    priority: 30,
  },
  // The icons and the app's own shared components of the signed-in pages, each set as one chunk: on
  // HTTP/1.1 (six connections, 150 ms a round trip) twenty small chunks cost more than their bytes.
  // What the entry or the sign-in page needs stays out, so neither loads these.
  // The app's own modules the entry needs (translations, api client, auth, states), so the groups
  // below cannot take them along as dependencies.
  {
    name: 'app',
    test: /[\\/]apps[\\/]web[\\/]src[\\/]|[\\/]libs[\\/]contracts[\\/]|@tabler[\\/]icons-react[\\/]/,
    tags: ['$initial'],
    priority: 28,
  },
  // The shared constants and types of the api: a small chunk of their own, so that the sign-in
  // page's validation does not load the signed-in pages' components with them.
  { name: 'contracts', test: /[\\/]libs[\\/]contracts[\\/]/, priority: 27 },
  {
    name: 'icons',
    test: (id: string) => /@tabler[\\/]icons-react[\\/]/.test(id) && !SIGN_IN_PATH.test(id),
    priority: 15,
  },
  {
    name: 'desk',
    test: (id: string) =>
      /[\\/]apps[\\/]web[\\/]src[\\/](components|api|lib)[\\/]/.test(id) && !SIGN_IN_PATH.test(id),
    minShareCount: 2,
    priority: 15,
  },
  // Only the pages that show them.
  {
    name: 'charts',
    test: /node_modules[\\/](@mantine[\\/]charts|recharts|echarts|zrender)[\\/]/,
    priority: 20,
  },
  { name: 'datatable', test: /node_modules[\\/]mantine-datatable[\\/]/, priority: 20 },
  { name: 'dates', test: /node_modules[\\/]@mantine[\\/]dates[\\/]/, priority: 20 },
];

// The web app is built into dist/ and served by the api at `/` (with SPA fallback for deep links).
// API types come from libs/contracts through the @desk/contracts alias: never retyped here.
export default defineConfig({
  plugins: [
    react(),
    // The sign-in and report forms as HTML, shown before the scripts arrive (public/boot.js).
    staticForms(),
    // The first page's lazy chunks and api reads start with the entry (public/boot.js).
    firstPagePreload(),
    // Each text asset also as .br (quality 11) and .gz (level 9): the api sends whichever the
    // browser accepts without compressing anything per request.
    compression({
      include: /\.(js|mjs|css|html|svg|json|txt|map)$/,
      threshold: 512,
      algorithms: [
        defineAlgorithm('brotliCompress', { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        defineAlgorithm('gzip', { level: 9 }),
      ],
    }),
  ],
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
        codeSplitting: { groups: VENDOR_GROUPS },
      },
    },
  },
});

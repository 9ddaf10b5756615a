import type { Plugin } from 'vite';

/**
 * What the first page of a cold visit needs besides the app's entry: the source modules of its
 * lazy route chunks (the layout and the page) and the GET answers it asks for as soon as it renders.
 * Keep in step with the router in `src/App.tsx` (a path missing here only loses the head start).
 */
export interface FirstPage {
  /** Matched against `location.pathname`. */
  path: RegExp;
  /** Source files (relative to apps/web) whose chunks the page loads lazily. */
  modules: string[];
  /** Api GET paths the page requests on its first render (only with a stored token). */
  data?: string[];
}

const LAYOUT = 'src/layout/AppLayout.tsx';

export const FIRST_PAGES: FirstPage[] = [
  { path: /^\/login\/?$/, modules: ['src/pages/LoginPage.tsx'] },
  {
    path: /^\/tickets\/new\/?$/,
    modules: [LAYOUT, 'src/pages/NewTicketPage.tsx'],
    data: ['/categories', '/region'],
  },
  { path: /^\/tickets\/?$/, modules: [LAYOUT, 'src/pages/MyTicketsPage.tsx'], data: ['/region'] },
  {
    path: /^\/(tickets\/[^/]+|tiket\/[^/]+)\/?$/,
    modules: [LAYOUT, 'src/pages/TicketPage.tsx'],
    data: ['/region'],
  },
  {
    path: /^\/workspace\/?$/,
    modules: [LAYOUT, 'src/pages/WorkspacePage.tsx'],
    data: ['/queues', '/teams', '/units', '/region', '/categories', '/ticket-overviews'],
  },
  { path: /^\/dashboard\/?$/, modules: [LAYOUT, 'src/pages/dashboard/DashboardPage.tsx'], data: ['/region'] },
];

interface OutChunk {
  type: 'chunk';
  fileName: string;
  imports: string[];
  isEntry: boolean;
  facadeModuleId: string | null;
  viteMetadata?: { importedCss: Set<string> };
}

/**
 * Writes into index.html (as inert JSON, the page's CSP allows no inline script) the chunks and
 * style sheets each first page needs beyond what index.html already preloads, for `public/boot.js`
 * to request while the entry downloads instead of after it ran: no lazy-chunk waterfall.
 */
export function firstPagePreload(pages: FirstPage[] = FIRST_PAGES): Plugin {
  return {
    name: 'desk:first-page-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        const chunks = Object.values(ctx.bundle).filter((c): c is OutChunk & typeof c => c.type === 'chunk');
        const byFile = new Map(chunks.map((c) => [c.fileName, c as unknown as OutChunk]));
        const closure = (start: OutChunk[]): Set<string> => {
          const seen = new Set<string>();
          const visit = (c: OutChunk | undefined) => {
            if (!c || seen.has(c.fileName)) return;
            seen.add(c.fileName);
            c.imports.forEach((f) => visit(byFile.get(f)));
          };
          start.forEach(visit);
          return seen;
        };
        const preloaded = closure(chunks.filter((c) => c.isEntry) as unknown as OutChunk[]);
        const routes = pages.map((page) => {
          const roots = page.modules.map((m) => {
            const chunk = chunks.find((c) => c.facadeModuleId?.replace(/\\/g, '/').endsWith(`/${m}`));
            if (!chunk) throw new Error(`first-page preload: no chunk for ${m}`);
            return chunk as unknown as OutChunk;
          });
          const files = [...closure(roots)].filter((f) => !preloaded.has(f));
          const css = files.flatMap((f) => [...(byFile.get(f)?.viteMetadata?.importedCss ?? [])]);
          return {
            path: page.path.source,
            js: files.map((f) => `/${f}`),
            css: [...new Set(css)].map((f) => `/${f}`),
            data: page.data ?? [],
          };
        });
        const json = JSON.stringify(routes).replace(/</g, '\\u003c');
        return html.replace(
          '</head>',
          `  <script type="application/json" id="desk-first-page">${json}</script>\n  </head>`,
        );
      },
    },
  };
}

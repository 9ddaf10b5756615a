import { useEffect } from 'react';

export const APP_NAME = 'SPBE Desk';

/**
 * The browser tab names the page: "Tiket saya · SPBE Desk". Null (while loading) leaves the app's
 * name; leaving the page puts it back, so no tab keeps a stale title.
 */
export function useDocumentTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · ${APP_NAME}` : APP_NAME;
    return () => {
      document.title = APP_NAME;
    };
  }, [title]);
}

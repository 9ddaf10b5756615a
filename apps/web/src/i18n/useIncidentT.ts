import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentResources } from './incident.id';

type Paths<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Paths<T[K], `${P}${K}.`>;
}[keyof T & string];

/** A key of the `incident` namespace, checked against incident.id.ts. */
export type IncidentKey = Paths<IncidentResources>;

/**
 * Translations of the `incident` namespace. Typed here with a plain key union: declaring the
 * namespace in i18next's own resource types pushed the compiler past its instantiation depth.
 */
export function useIncidentT() {
  const { t, i18n } = useTranslation();
  const ti = useCallback(
    (key: IncidentKey, options?: Record<string, unknown>): string =>
      (t as unknown as (k: string, o: object) => string)(key, { ns: 'incident', ...options }),
    [t],
  );
  return { ti, t, i18n };
}

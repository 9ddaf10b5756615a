import 'i18next';

// Keys are not typed through i18next: with a dictionary this size, its typed `t` made TypeScript give
// up ("excessively deep", TS2589) at ordinary call sites. `en.ts` is typed by the shape of `id.ts`, and
// the unit test `apps/web/src/i18n/keys.spec.ts` checks that every literal key used in the code exists.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
  }
}

/**
 * A dynamic import that the TypeScript/SWC transform leaves alone, for ESM-only packages and our
 * plain-ESM scripts (a transformed `import()` becomes `require()`).
 */
export const nativeImport = new Function('specifier', 'return import(specifier)') as <T = any>(
  specifier: string,
) => Promise<T>;

import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

// A deep government blue; shades chosen so white text on filled buttons passes WCAG AA.
const desk: MantineColorsTuple = [
  '#e7f1fb',
  '#cfe0f3',
  '#9ebfe6',
  '#6a9cd9',
  '#4280ce',
  '#2a6dc7',
  '#1d63c4',
  '#1253ad',
  '#07499c',
  '#003f8a',
];

// Green for "done / on time", darker than Mantine's at the shades used for text (AA on white and on tints).
const ok: MantineColorsTuple = [
  '#ebfbee',
  '#d3f9d8',
  '#b2f2bb',
  '#8ce99a',
  '#51cf66',
  '#37b24d',
  '#2b8a3e',
  '#1f7a34',
  '#1a6a2d',
  '#145222',
];

export const theme = createTheme({
  primaryColor: 'desk',
  primaryShade: { light: 7, dark: 5 },
  colors: { desk, ok },
  autoContrast: true,
  luminanceThreshold: 0.4,
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Ubuntu, Cantarell, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  components: {
    // Badges never truncate: in table cells their full text sets the column's minimum width.
    Badge: {
      defaultProps: { radius: 'sm' },
      styles: { label: { overflow: 'visible' }, root: { overflow: 'visible' } },
    },
  },
});

/**
 * Text colours of the light variants (alerts, light badges and buttons) one or two shades darker than
 * Mantine's defaults, and dimmed/error text darker, so every text keeps WCAG AA contrast (axe).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-anchor': 'var(--mantine-color-desk-8)',
    '--mantine-color-desk-light-color': 'var(--mantine-color-desk-8)',
    '--mantine-color-red-light-color': 'var(--mantine-color-red-9)',
    // Subtle buttons and `c="red"` text read `-text` (red 6 by default, 3.3:1 on white).
    '--mantine-color-red-text': 'var(--mantine-color-red-9)',
    '--mantine-color-ok-light-color': 'var(--mantine-color-ok-8)',
    '--mantine-color-green-light-color': 'var(--mantine-color-ok-8)',
    '--mantine-color-gray-light-color': 'var(--mantine-color-gray-8)',
    '--mantine-color-yellow-light-color': '#6b4400',
    '--mantine-color-orange-light-color': '#8a3c00',
    '--mantine-color-blue-light-color': 'var(--mantine-color-blue-9)',
  },
  dark: {},
});

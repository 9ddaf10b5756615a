import { DateTime } from 'luxon';
import type { Locator, Page } from 'playwright-core';

/** "7 Desember 2026": how the app writes a day, and how its calendar names each day button. */
export const indonesianDay = (at: DateTime): string => at.setLocale('id').toFormat('d LLLL yyyy');

/**
 * Picks a moment in one of the app's date-and-time fields (labelled `label`, inside `scope`): the
 * day from its Indonesian calendar (moving on month by month when the day is not shown yet), then
 * the hours and minutes on the 24-hour clock. `at` must be in the browser's zone.
 */
export async function pickDateTime(page: Page, scope: Page | Locator, label: string, at: DateTime) {
  await scope.getByRole('button', { name: `${label}: tanggal`, exact: true }).click();
  const next = page.getByRole('button', { name: 'Bulan berikutnya', exact: true });
  await next.waitFor();
  const day = page.getByRole('button', { name: indonesianDay(at), exact: true });
  for (let i = 0; i < 24 && !(await day.isVisible()); i++) await next.click();
  await day.click();
  await next.waitFor({ state: 'hidden' });
  await scope.getByRole('spinbutton', { name: `${label}: jam`, exact: true }).fill(at.toFormat('HH'));
  await scope.getByRole('spinbutton', { name: `${label}: menit`, exact: true }).fill(at.toFormat('mm'));
}

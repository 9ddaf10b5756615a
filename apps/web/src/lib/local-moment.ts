/*
 * Values of the app's date-and-time field (components/DateFields.tsx): `YYYY-MM-DDTHH:mm` in the
 * browser's zone, which is the region's. Kept apart from the field so forms can check and convert
 * values without loading the date picker.
 */

/** True when the value has its day and its time (a half-filled one, 'YYYY-MM-DDT', is not a moment). */
export function isCompleteLocal(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) && !Number.isNaN(new Date(value).getTime());
}

/** The ISO instant of a complete value; '' for an empty or half-filled one (the api names it). */
export function localToIso(value: string): string {
  return isCompleteLocal(value) ? new Date(value).toISOString() : '';
}

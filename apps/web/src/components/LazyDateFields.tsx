import { Skeleton } from '@mantine/core';
import type { DatePickerInputProps } from '@mantine/dates';
import { lazy, Suspense } from 'react';
import type { DateTimeFieldProps } from './DateFields';

/*
 * The date pickers for pages that many people open (a ticket, the incident report): the picker
 * library and its styles load only when a field is shown, so those pages, and the sign-in and
 * report-a-problem pages, stay light. Type-only imports above never reach the bundle.
 */
const LazyDateTime = lazy(() => import('./DateFields').then((m) => ({ default: m.DateTimeField })));
const LazyDate = lazy(() => import('./DateFields').then((m) => ({ default: m.DateField })));

/** A day plus a 24-hour time; see `DateTimeField` in DateFields. */
export function DateTimeInput(props: DateTimeFieldProps) {
  return (
    <Suspense fallback={<Skeleton height={64} radius="sm" />}>
      <LazyDateTime {...props} />
    </Suspense>
  );
}

/** One calendar day as `YYYY-MM-DD`; see `DateField` in DateFields. */
export function DateInputField(props: Omit<DatePickerInputProps<'default'>, 'type'>) {
  return (
    <Suspense fallback={<Skeleton height={60} radius="sm" />}>
      <LazyDate {...props} />
    </Suspense>
  );
}

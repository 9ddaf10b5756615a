import '@mantine/dates/styles.layer.css';
import { DatePickerInput, TimePicker, type DatePickerInputProps, type TimePickerProps } from '@mantine/dates';
import { Group, Input } from '@mantine/core';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The dayjs locale of the app's language (loaded in i18n/index.ts), not the browser's. */
export function useDatesLocale(): 'id' | 'en' {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'id';
}

/**
 * A time of day as `HH:mm`, always on the 24-hour clock (16:00, never 4:00 PM), whatever the
 * browser's language. `ariaName` labels its hour and minute boxes for screen readers.
 */
export function TimeField({ ariaName, ...props }: Omit<TimePickerProps, 'format'> & { ariaName: string }) {
  const { t } = useTranslation();
  return (
    <TimePicker
      format="24h"
      hoursInputLabel={`${ariaName}: ${t('common.hours')}`}
      minutesInputLabel={`${ariaName}: ${t('common.minutes')}`}
      hoursPlaceholder="--"
      minutesPlaceholder="--"
      {...props}
    />
  );
}

/**
 * One calendar date as `YYYY-MM-DD`, shown in the app's language ("16 Januari 2026") with a
 * calendar that starts on Monday, instead of the browser's native field (01/16/2026).
 */
export function DateField(props: Omit<DatePickerInputProps<'default'>, 'type'>) {
  const locale = useDatesLocale();
  const { t } = useTranslation();
  return (
    <DatePickerInput
      clearButtonProps={{ 'aria-label': t('common.clearValue') }}
      locale={locale}
      firstDayOfWeek={1}
      valueFormat="D MMMM YYYY"
      popoverProps={{ withinPortal: true }}
      ariaLabels={{
        previousMonth: t('common.previousMonth'),
        nextMonth: t('common.nextMonth'),
        previousYear: t('common.previousYear'),
        nextYear: t('common.nextYear'),
        previousDecade: t('common.previousDecade'),
        nextDecade: t('common.nextDecade'),
      }}
      {...props}
    />
  );
}

/** The day and time of a DateTimeField value; either may be missing ('YYYY-MM-DDT', 'THH:mm'). */
function splitLocal(value: string): { date: string | null; time: string } {
  const match = /^(\d{4}-\d{2}-\d{2})?T(\d{2}:\d{2})?/.exec(value);
  return { date: match?.[1] ?? null, time: match?.[2] ?? '' };
}

function joinLocal({ date, time }: { date: string | null; time: string }): string {
  return date || time ? `${date ?? ''}T${time}` : '';
}

export interface DateTimeFieldProps {
  label: string;
  description?: string;
  error?: React.ReactNode;
  required?: boolean;
  /** `YYYY-MM-DDTHH:mm` in the browser's zone (the region's), a partial one, or '' when empty. */
  value: string;
  onChange: (value: string) => void;
  /** Earliest and latest day the calendar offers, `YYYY-MM-DD`. */
  minDate?: string;
  maxDate?: string;
  'data-testid'?: string;
}

/**
 * A moment as a day from the app's calendar plus a time on the 24-hour clock ("7 Desember 2026",
 * 20 : 00), in the app's language whatever the browser's. Its value keeps the shape of the native
 * `datetime-local` field it replaces (`YYYY-MM-DDTHH:mm`, local time), so callers convert it to an
 * instant exactly as before. With only one part chosen it reports 'YYYY-MM-DDT' or 'THH:mm', which
 * is no valid date: the form refuses it rather than silently sending nothing.
 */
export function DateTimeField({
  label,
  description,
  error,
  required,
  value,
  onChange,
  minDate,
  maxDate,
  'data-testid': testId,
}: DateTimeFieldProps) {
  const { t } = useTranslation();
  const parts = splitLocal(value);
  const update = (next: { date: string | null; time: string }) => onChange(joinLocal(next));
  // Mantine's TimePicker empties both boxes when its value becomes '': while the user only
  // half-clears the time (the minutes), it keeps the last whole time; an emptied field resets it.
  const [timeShown, setTimeShown] = useState(parts.time);
  useEffect(() => {
    if (parts.time || !value) setTimeShown(parts.time);
  }, [parts.time, value]);
  // The day and the time are one group named by the label; both read the hint and the error.
  const uid = useId();
  const describedBy =
    [description && `${uid}-description`, error && `${uid}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <Input.Wrapper
      label={label}
      description={description}
      error={error}
      required={required}
      labelElement="div"
      labelProps={{ id: `${uid}-label` }}
      descriptionProps={{ id: `${uid}-description` }}
      errorProps={{ id: `${uid}-error` }}
      data-testid={testId}
    >
      <Group gap="xs" wrap="wrap" align="flex-start" mt={4} role="group" aria-labelledby={`${uid}-label`}>
        <DateField
          aria-label={`${label}: ${t('common.date')}`}
          value={parts.date}
          onChange={(date) => update({ ...parts, date })}
          minDate={minDate}
          maxDate={maxDate}
          error={Boolean(error) || undefined}
          aria-describedby={describedBy}
          style={{ flex: '1 1 11rem' }}
          data-testid={testId ? `${testId}-date` : undefined}
        />
        <TimeField
          ariaName={label}
          value={timeShown}
          onChange={(time) => update({ ...parts, time })}
          error={Boolean(error) || undefined}
          hoursInputProps={{ 'aria-describedby': describedBy }}
          minutesInputProps={{ 'aria-describedby': describedBy }}
          style={{ flex: '0 0 auto' }}
          data-testid={testId ? `${testId}-time` : undefined}
        />
      </Group>
    </Input.Wrapper>
  );
}

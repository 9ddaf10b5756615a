import '@mantine/dates/styles.layer.css';
import { DatePickerInput, TimePicker, type DatePickerInputProps, type TimePickerProps } from '@mantine/dates';
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
      {...props}
    />
  );
}

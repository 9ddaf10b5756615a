import { WEEKDAYS, type BusinessCalendar, type Weekday } from '@desk/contracts';
import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import { FormActions } from '../../components/FormActions';
import { DateField, TimeField } from '../../components/DateFields';
import { ErrorState, FormError, LoadingState } from '../../components/States';
import { notify } from '../../lib/notify';
import { applyProblemToForm } from '../../lib/problem';

const TIMEZONES = [
  ['Asia/Jakarta', 'Jakarta'],
  ['Asia/Makassar', 'Makassar'],
  ['Asia/Jayapura', 'Jayapura'],
] as const;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface CalendarFormValues {
  timezone: string;
  hours: Record<Weekday, { from: string; to: string }[]>;
  holidays: { date: string; name: string }[];
}

function toForm(c: BusinessCalendar): CalendarFormValues {
  const hours = Object.fromEntries(
    WEEKDAYS.map((d) => [d, (c.hours[d] ?? []).map(([from, to]) => ({ from, to }))]),
  ) as CalendarFormValues['hours'];
  return {
    timezone: c.timezone,
    hours,
    holidays: [...c.holidays].sort((a, b) => a.date.localeCompare(b.date)),
  };
}

function CalendarForm({ calendar }: { calendar: BusinessCalendar }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<CalendarFormValues>({
    mode: 'controlled',
    initialValues: toForm(calendar),
    validate: {
      hours: Object.fromEntries(
        WEEKDAYS.map((d) => [
          d,
          {
            from: (v: string) => (TIME.test(v) ? null : t('calendar.errors.time')),
            to: (v: string, values: CalendarFormValues, path: string) => {
              if (!TIME.test(v)) return t('calendar.errors.time');
              const from = values.hours[d][Number(path.split('.')[2])]?.from ?? '';
              return v > from ? null : t('calendar.errors.order');
            },
          },
        ]),
      ) as never,
      holidays: {
        date: (v: string) => (DATE.test(v) ? null : t('calendar.errors.date')),
        name: (v: string) => (v.trim() ? null : t('errors.field.required')),
      },
    },
  });
  useEffect(() => {
    form.setValues(toForm(calendar));
    form.resetDirty();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [calendar]);

  const save = useMutation({
    mutationFn: (body: BusinessCalendar) => request<BusinessCalendar>('/calendar', { method: 'PUT', body }),
    onSuccess: (saved) => qc.setQueryData(['calendar'], saved),
  });
  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    try {
      await save.mutateAsync({
        timezone: v.timezone,
        hours: Object.fromEntries(
          WEEKDAYS.map((d) => [d, v.hours[d].map((p) => [p.from, p.to] as [string, string])]),
        ),
        holidays: v.holidays.map((h) => ({ date: h.date, name: h.name.trim() })),
      });
      notify(t('admin.saved'));
    } catch (error) {
      setFormError(applyProblemToForm(form, error, t, i18n.language, ['timezone']));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError message={formError} />
        <Select
          label={t('calendar.timezone')}
          description={t('calendar.timezoneHint')}
          data={TIMEZONES.map(([z, city]) => ({ value: z, label: t(`calendar.zones.${city}`) }))}
          allowDeselect={false}
          maw={360}
          {...form.getInputProps('timezone')}
        />
        <Fieldset legend={t('calendar.hours')} data-testid="calendar-hours" p={{ base: 'xs', sm: 'md' }}>
          <Stack gap="xs">
            {WEEKDAYS.map((d) => (
              <Paper key={d} withBorder p="xs" radius="sm">
                <Group align="flex-start" gap="sm">
                  <Text fw={500} size="sm" w={80} pt={6} id={`day-${d}`}>
                    {t(`calendar.days.${d}`)}
                  </Text>
                  {/* On a phone the periods take a line of their own under the day's name. */}
                  <Stack gap={6} style={{ flex: '1 1 230px', minWidth: 0 }}>
                    {form.values.hours[d].length === 0 && (
                      <Text size="sm" c="dimmed" pt={6}>
                        {t('calendar.closed')}
                      </Text>
                    )}
                    {form.values.hours[d].map((_, i) => (
                      <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
                        <TimeField
                          ariaName={`${t(`calendar.days.${d}`)} ${i + 1}: ${t('calendar.from')}`}
                          w={{ base: 100, xs: 130 }}
                          {...form.getInputProps(`hours.${d}.${i}.from`)}
                        />
                        <Text pt={6} aria-hidden>
                          –
                        </Text>
                        <TimeField
                          ariaName={`${t(`calendar.days.${d}`)} ${i + 1}: ${t('calendar.to')}`}
                          w={{ base: 100, xs: 130 }}
                          {...form.getInputProps(`hours.${d}.${i}.to`)}
                        />
                        <ActionIcon
                          variant="subtle"
                          color="red.9"
                          mt={4}
                          aria-label={t('calendar.removePeriod', { day: t(`calendar.days.${d}`), n: i + 1 })}
                          onClick={() => form.removeListItem(`hours.${d}`, i)}
                        >
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      </Group>
                    ))}
                  </Stack>
                  <Button
                    variant="default"
                    size="xs"
                    mt={4}
                    leftSection={<IconPlus size={14} aria-hidden />}
                    aria-label={t('calendar.addPeriodFor', { day: t(`calendar.days.${d}`) })}
                    onClick={() => form.insertListItem(`hours.${d}`, { from: '07:30', to: '16:00' })}
                  >
                    {t('calendar.addPeriod')}
                  </Button>
                </Group>
              </Paper>
            ))}
          </Stack>
        </Fieldset>
        <Fieldset
          legend={t('calendar.holidays')}
          data-testid="calendar-holidays"
          p={{ base: 'xs', sm: 'md' }}
        >
          <Stack gap="xs">
            <Text size="xs" c="dimmed">
              {t('calendar.holidaysHint')}
            </Text>
            {form.values.holidays.length > 0 && (
              <Table.ScrollContainer minWidth={420}>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('calendar.date')}</Table.Th>
                      <Table.Th>{t('calendar.holidayName')}</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {form.values.holidays.map((_, i) => (
                      <Table.Tr key={i}>
                        <Table.Td w={{ base: 150, sm: 180 }}>
                          <DateField
                            aria-label={`${t('calendar.date')} ${i + 1}`}
                            {...form.getInputProps(`holidays.${i}.date`)}
                          />
                        </Table.Td>
                        <Table.Td>
                          <TextInput
                            aria-label={`${t('calendar.holidayName')} ${i + 1}`}
                            {...form.getInputProps(`holidays.${i}.name`)}
                          />
                        </Table.Td>
                        <Table.Td w={48}>
                          <ActionIcon
                            variant="subtle"
                            color="red.9"
                            aria-label={t('calendar.removeHoliday', { n: i + 1 })}
                            onClick={() => form.removeListItem('holidays', i)}
                          >
                            <IconTrash size={16} aria-hidden />
                          </ActionIcon>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            <Button
              variant="default"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() => form.insertListItem('holidays', { date: '', name: '' })}
              w="fit-content"
            >
              {t('calendar.addHoliday')}
            </Button>
          </Stack>
        </Fieldset>
        <FormActions
          onCancel={() => form.setValues(toForm(calendar))}
          cancelDisabled={!form.isDirty()}
          loading={save.isPending}
        />
      </Stack>
    </form>
  );
}

export function CalendarPage() {
  const { t } = useTranslation();
  const calendar = useQuery({
    queryKey: ['calendar'],
    queryFn: ({ signal }) => request<BusinessCalendar>('/calendar', { signal }),
  });
  return (
    <Stack gap="sm">
      <Text fw={600} size="lg" component="h2">
        {t('admin.calendar')}
      </Text>
      <Text size="sm" c="dimmed">
        {t('admin.calendarText')}
      </Text>
      {calendar.isError ? (
        <ErrorState error={calendar.error} onRetry={() => void calendar.refetch()} />
      ) : calendar.data ? (
        <CalendarForm calendar={calendar.data} />
      ) : (
        <LoadingState />
      )}
    </Stack>
  );
}

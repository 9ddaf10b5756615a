import {
  PRIORITIES,
  SLA_NOTIFY_ROLES,
  TICKET_KINDS,
  type SlaLadderLevel,
  type SlaNotifyRole,
  type SlaPolicy,
} from '@desk/contracts';
import {
  ActionIcon,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/States';
import { notify } from '../../lib/notify';
import { applyProblemToForm } from '../../lib/problem';
import {
  forCalendar,
  parseDuration,
  toIsoDuration,
  unitLabel,
  unitsFor,
  type CalendarKind,
  type Duration,
  type Unit,
} from './slaDurations';

interface LadderRow {
  percent: number | string;
  notify: SlaNotifyRole[];
  autoEscalate: boolean;
}

interface PolicyFormValues {
  name: string;
  kind: string;
  priority: string;
  response: Duration;
  resolution: Duration;
  tier2Response: Duration;
  calendar: CalendarKind;
  warnPercent: number | string;
  autoEscalateOnBreach: boolean;
  ladder: LadderRow[];
}

const ANY = 'any';

function initialValues(p?: SlaPolicy): PolicyFormValues {
  const calendar = p?.calendar ?? 'business';
  return {
    name: p?.name ?? '',
    kind: p?.kind ?? ANY,
    priority: p?.priority ?? ANY,
    response: parseDuration(p?.responseTarget ?? 'PT30M', calendar),
    resolution: parseDuration(p?.resolutionTarget ?? 'PT8H', calendar),
    tier2Response: parseDuration(p?.tier2ResponseTarget ?? 'PT1H', calendar),
    calendar,
    warnPercent: Math.round((p?.warnAt ?? 0.75) * 100),
    autoEscalateOnBreach: p?.autoEscalateOnBreach ?? true,
    ladder: (p?.ladder ?? []).map((l) => ({
      percent: Math.round(l.at * 100),
      notify: l.notify,
      autoEscalate: l.action === 'auto_escalate',
    })),
  };
}

function DurationField({
  label,
  description,
  value,
  calendar,
  onChange,
  error,
}: {
  label: string;
  description?: string;
  value: Duration;
  calendar: CalendarKind;
  onChange: (d: Duration) => void;
  error?: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <NumberInput
        label={label}
        description={description}
        value={value.amount}
        onChange={(amount) => onChange({ ...value, amount })}
        min={1}
        allowDecimal={false}
        required
        error={error}
        style={{ flex: 1 }}
      />
      <Select
        aria-label={`${label}: ${t('slaPolicy.unit')}`}
        data={unitsFor(calendar).map((u) => ({ value: u, label: unitLabel(u, calendar, t) }))}
        value={value.unit}
        onChange={(unit) => unit && onChange({ ...value, unit: unit as Unit })}
        allowDeselect={false}
        w={calendar === 'business' ? 150 : 110}
      />
    </Group>
  );
}

const FIELDS = [
  'name',
  'kind',
  'priority',
  'responseTarget',
  'resolutionTarget',
  'tier2ResponseTarget',
  'calendar',
  'warnAt',
  'autoEscalateOnBreach',
  'ladder',
];
const FIELD_MAP: Record<string, string> = {
  responseTarget: 'response.amount',
  resolutionTarget: 'resolution.amount',
  tier2ResponseTarget: 'tier2Response.amount',
  warnAt: 'warnPercent',
};

/** Adds or edits one SLA policy: scope, the three targets, the calendar and the escalation ladder. */
export function PolicyForm({ policy, onDone }: { policy?: SlaPolicy; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const positive = (v: number | string) => (Number(v) >= 1 ? null : t('slaPolicy.errors.positive'));
  const form = useForm<PolicyFormValues>({
    mode: 'controlled',
    initialValues: initialValues(policy),
    validate: {
      name: (v) => (v.trim().length ? null : t('errors.field.required')),
      response: { amount: positive },
      resolution: { amount: positive },
      tier2Response: { amount: positive },
      warnPercent: (v) => (Number(v) >= 1 && Number(v) <= 99 ? null : t('slaPolicy.errors.warn')),
      ladder: {
        percent: (v) => (Number(v) >= 1 && Number(v) <= 1000 ? null : t('slaPolicy.errors.level')),
        notify: (v, values, path) =>
          v.length || values.ladder[Number(path.split('.')[1])]?.autoEscalate
            ? null
            : t('slaPolicy.errors.notify'),
      },
    },
  });
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      policy
        ? request<SlaPolicy>(`/sla-policies/${policy.id}`, { method: 'PATCH', body })
        : request<SlaPolicy>('/sla-policies', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['sla-policies'] }),
  });
  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    const ladder: SlaLadderLevel[] = [...v.ladder]
      .sort((a, b) => Number(a.percent) - Number(b.percent))
      .map((l) => ({
        at: Number(l.percent) / 100,
        notify: l.notify,
        ...(l.autoEscalate ? { action: 'auto_escalate' as const } : {}),
      }));
    try {
      await save.mutateAsync({
        name: v.name.trim(),
        kind: v.kind === ANY ? null : v.kind,
        priority: v.priority === ANY ? null : v.priority,
        responseTarget: toIsoDuration(v.response),
        resolutionTarget: toIsoDuration(v.resolution),
        tier2ResponseTarget: toIsoDuration(v.tier2Response),
        calendar: v.calendar,
        warnAt: Number(v.warnPercent) / 100,
        autoEscalateOnBreach: v.autoEscalateOnBreach,
        ladder,
      });
      notify(t('admin.saved'));
      onDone();
    } catch (error) {
      setFormError(applyProblemToForm(form, error, t, i18n.language, FIELDS, FIELD_MAP));
    }
  });
  const roleOptions = SLA_NOTIFY_ROLES.map((r) => ({ value: r, label: t(`slaPolicy.notify.${r}`) }));

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError message={formError} />
        <TextInput label={t('admin.name')} required {...form.getInputProps('name')} />
        <Group grow align="flex-start">
          <Select
            label={t('slaPolicy.kind')}
            data={[
              { value: ANY, label: t('slaPolicy.anyKind') },
              ...TICKET_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })),
            ]}
            allowDeselect={false}
            {...form.getInputProps('kind')}
          />
          <Select
            label={t('slaPolicy.priority')}
            data={[
              { value: ANY, label: t('slaPolicy.anyPriority') },
              ...PRIORITIES.map((p) => ({ value: p, label: `${p} · ${t(`priority.${p}`)}` })),
            ]}
            allowDeselect={false}
            {...form.getInputProps('priority')}
          />
        </Group>
        <DurationField
          label={t('slaPolicy.response')}
          value={form.values.response}
          calendar={form.values.calendar}
          onChange={(d) => form.setFieldValue('response', d)}
          error={form.errors['response.amount']}
        />
        <DurationField
          label={t('slaPolicy.resolution')}
          value={form.values.resolution}
          calendar={form.values.calendar}
          onChange={(d) => form.setFieldValue('resolution', d)}
          error={form.errors['resolution.amount']}
        />
        <DurationField
          label={t('slaPolicy.tier2Response')}
          description={t('slaPolicy.tier2ResponseHint')}
          value={form.values.tier2Response}
          calendar={form.values.calendar}
          onChange={(d) => form.setFieldValue('tier2Response', d)}
          error={form.errors['tier2Response.amount']}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="sla-calendar-label">
            {t('slaPolicy.calendar')}
          </Text>
          <SegmentedControl
            aria-labelledby="sla-calendar-label"
            aria-describedby="sla-calendar-hint"
            data={[
              { value: 'business', label: t('slaPolicy.calendars.business') },
              { value: '24x7', label: t('slaPolicy.calendars.24x7') },
            ]}
            value={form.values.calendar}
            onChange={(value) => {
              const calendar = value as CalendarKind;
              // Same targets in the new calendar's units (no days on the business calendar).
              const v = form.getValues();
              form.setValues({
                calendar,
                response: forCalendar(v.response, calendar),
                resolution: forCalendar(v.resolution, calendar),
                tier2Response: forCalendar(v.tier2Response, calendar),
              });
            }}
          />
          <Text size="xs" c="dimmed" id="sla-calendar-hint">
            {t(`slaPolicy.calendarHints.${form.values.calendar}`)}
          </Text>
        </Stack>
        <NumberInput
          label={t('slaPolicy.warnAt')}
          description={t('slaPolicy.warnAtHint')}
          min={1}
          max={99}
          suffix=" %"
          allowDecimal={false}
          {...form.getInputProps('warnPercent')}
        />
        <Checkbox
          label={t('slaPolicy.autoEscalateOnBreach')}
          {...form.getInputProps('autoEscalateOnBreach', { type: 'checkbox' })}
        />
        <Fieldset legend={t('slaPolicy.ladder')} data-testid="ladder">
          <Stack gap="xs">
            <Text size="xs" c="dimmed">
              {t('slaPolicy.ladderHint')}
            </Text>
            {form.values.ladder.map((_, i) => (
              <Paper key={i} withBorder p="xs" radius="sm">
                <Group align="flex-end" gap="xs">
                  <NumberInput
                    label={t('slaPolicy.levelAt')}
                    min={1}
                    max={1000}
                    suffix=" %"
                    allowDecimal={false}
                    w={120}
                    {...form.getInputProps(`ladder.${i}.percent`)}
                  />
                  <Checkbox.Group
                    label={t('slaPolicy.levelNotify')}
                    style={{ flex: '1 1 260px' }}
                    {...form.getInputProps(`ladder.${i}.notify`)}
                  >
                    <Group gap="xs" mt={4}>
                      {roleOptions.map((o) => (
                        <Checkbox key={o.value} value={o.value} label={o.label} size="xs" />
                      ))}
                    </Group>
                  </Checkbox.Group>
                  <Checkbox
                    mb={8}
                    label={t('slaPolicy.levelAutoEscalate')}
                    {...form.getInputProps(`ladder.${i}.autoEscalate`, { type: 'checkbox' })}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red.9"
                    mb={4}
                    aria-label={t('slaPolicy.removeLevel', { n: i + 1 })}
                    onClick={() => form.removeListItem('ladder', i)}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              </Paper>
            ))}
            <Button
              variant="default"
              leftSection={<IconPlus size={14} aria-hidden />}
              disabled={form.values.ladder.length >= 10}
              onClick={() =>
                form.insertListItem('ladder', { percent: 100, notify: ['supervisors'], autoEscalate: false })
              }
            >
              {t('slaPolicy.addLevel')}
            </Button>
          </Stack>
        </Fieldset>
        <FormActions onCancel={onDone} loading={save.isPending} />
      </Stack>
    </form>
  );
}

import { REPORT_FREQUENCIES, type ReportSubscription, type ReportSubscriptionInput } from '@desk/contracts';
import { MultiSelect, Select, SimpleGrid, Stack, Switch, TagsInput, TextInput } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { schemaResolver, useForm } from '@mantine/form';
import { IconLock } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeams, useUnits, useUsers } from '../../api/hooks';
import { useSaveSubscription } from '../../api/reports';
import { useMeRequired } from '../../auth/AuthContext';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/States';
import { zoneAbbr, useTimeZone } from '../../lib/dates';
import { notify } from '../../lib/notify';
import { applyProblemToForm } from '../../lib/problem';
import { hasRole } from '../../lib/roles';
import { subscriptionSchema, type SubscriptionFormValues } from '../../schemas';

const ALL_UNITS = 'all';
const FIELDS = ['name', 'unitId', 'teamId', 'frequency', 'sendAt', 'userIds', 'emails', 'active'] as const;

/**
 * Where an api field error goes: scope fields to the scope inputs, `recipients.N...` to the users or
 * the addresses input by the recipient's place in the list (users first, then addresses).
 */
function fieldFor(field: string, users: number): string {
  if (field === 'scope' || field === 'scope.unitId' || field === 'scope.regencyWide') return 'unitId';
  if (field === 'scope.teamId') return 'teamId';
  const recipient = /^recipients\.(\d+)/.exec(field);
  if (recipient) return Number(recipient[1]) < users ? 'userIds' : 'emails';
  if (field === 'recipients') return 'emails';
  return field;
}

/** Create or change a subscription: scope, frequency, local send time, recipients. */
export function SubscriptionForm({ sub, onDone }: { sub: ReportSubscription | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useMeRequired();
  const tz = useTimeZone();
  const units = useUnits();
  const teams = useTeams();
  const supervisor = hasRole(me, 'supervisor');
  // Only admins may list every user; others pick themselves and the users already on the list.
  const directory = useUsers({}, hasRole(me, 'admin'));
  const schema = useMemo(() => subscriptionSchema(t), [t]);
  const save = useSaveSubscription(sub?.id ?? null);
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<SubscriptionFormValues>({
    mode: 'controlled',
    initialValues: {
      name: sub?.name ?? '',
      unitId: supervisor ? (sub?.scope.unitId ?? ALL_UNITS) : me.unitId,
      teamId: sub?.scope.teamId ?? null,
      frequency: sub?.frequency ?? 'monthly',
      sendAt: sub?.sendAt ?? '07:00',
      userIds: sub ? sub.recipients.flatMap((r) => (r.userId ? [r.userId] : [])) : [me.id],
      emails: sub ? sub.recipients.flatMap((r) => (!r.userId && r.email ? [r.email] : [])) : [],
      active: sub?.active ?? true,
    },
    validate: schemaResolver(schema, { sync: true }),
  });

  const userOptions = useMemo(() => {
    const known = new Map<string, string>([[me.id, `${me.name} (${t('common.you')})`]]);
    for (const r of sub?.recipients ?? [])
      if (r.userId && !known.has(r.userId))
        known.set(
          r.userId,
          r.name ? `${r.name}${r.email ? ` · ${r.email}` : ` ${t('subs.userInactive')}`}` : r.userId,
        );
    for (const u of directory.data ?? [])
      if (u.active && !known.has(u.id)) known.set(u.id, `${u.name} · ${u.email}`);
    return [...known].map(([value, label]) => ({ value, label }));
  }, [me, sub, directory.data, t]);

  const pdOptions = (units.data ?? [])
    .filter((u) => u.kind === 'pd')
    .map((u) => ({ value: u.id, label: u.name }));
  const ownUnit = units.data?.find((u) => u.id === me.unitId);

  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    const regencyWide = v.unitId === ALL_UNITS;
    const body: ReportSubscriptionInput = {
      name: v.name.trim(),
      scope: {
        ...(regencyWide ? { regencyWide: true } : { unitId: v.unitId }),
        ...(v.teamId ? { teamId: v.teamId } : {}),
      },
      frequency: v.frequency,
      sendAt: v.sendAt,
      recipients: [
        ...v.userIds.map((userId) => ({ userId })),
        ...v.emails.map((email) => ({ email: email.trim().toLowerCase() })),
      ],
      ...(sub ? { active: v.active } : {}),
    };
    try {
      await save.mutateAsync(body);
      notify(t('subs.saved'));
      onDone();
    } catch (error) {
      setFormError(
        applyProblemToForm(form, error, t, i18n.language, FIELDS, (field) =>
          fieldFor(field, v.userIds.length),
        ),
      );
    }
  });

  return (
    <form onSubmit={submit} noValidate data-testid="subscription-form">
      <Stack gap="sm">
        <FormError message={formError} />
        <TextInput
          label={t('subs.name')}
          placeholder={t('subs.namePlaceholder')}
          required
          {...form.getInputProps('name')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {supervisor ? (
            <Select
              label={t('subs.scopeUnit')}
              data={[{ value: ALL_UNITS, label: t('dashboard.regencyWide') }, ...pdOptions]}
              allowDeselect={false}
              searchable
              {...form.getInputProps('unitId')}
            />
          ) : (
            <TextInput
              label={t('subs.scopeUnit')}
              value={ownUnit?.name ?? ''}
              readOnly
              rightSection={<IconLock size={16} aria-hidden />}
              description={t('dashboard.lockedUnit')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              error={form.errors.unitId}
            />
          )}
          <Select
            label={t('subs.scopeTeam')}
            placeholder={t('dashboard.allTeams')}
            data={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
            clearable
            {...form.getInputProps('teamId')}
          />
          <Select
            label={t('subs.frequency')}
            data={REPORT_FREQUENCIES.map((f) => ({ value: f, label: t(`subs.frequencies.${f}`) }))}
            allowDeselect={false}
            description={t(`subs.frequencyHint.${form.values.frequency}`)}
            {...form.getInputProps('frequency')}
          />
          <TimeInput
            label={t('subs.sendAt', { zone: zoneAbbr(tz) })}
            description={t('subs.sendAtHint')}
            required
            {...form.getInputProps('sendAt')}
          />
        </SimpleGrid>
        <MultiSelect
          label={t('subs.recipientUsers')}
          description={t('subs.recipientUsersHint')}
          data={userOptions}
          searchable
          clearable
          {...form.getInputProps('userIds')}
        />
        <TagsInput
          label={t('subs.recipientEmails')}
          description={t('subs.recipientEmailsHint')}
          placeholder="pimpinan@instansi.go.id"
          splitChars={[',', ' ', ';']}
          clearable
          {...form.getInputProps('emails')}
        />
        {sub && (
          <Switch
            label={t('subs.activeLabel')}
            description={t('subs.activeHint')}
            {...form.getInputProps('active', { type: 'checkbox' })}
          />
        )}
        <FormActions onCancel={onDone} loading={save.isPending} />
      </Stack>
    </form>
  );
}

import {
  type DirectoryUser,
  REPORT_FREQUENCIES,
  type ReportSubscription,
  type ReportSubscriptionInput,
} from '@desk/contracts';
import { MultiSelect, Select, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { IconLock } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeams, useUnits, useUserDirectory } from '../../api/hooks';
import { useSaveSubscription } from '../../api/reports';
import { useMeRequired } from '../../auth/AuthContext';
import { FormActions } from '../../components/FormActions';
import { TimeField } from '../../components/DateFields';
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
  // The directory searches as the user types (the api scopes it: a PD head finds their own PD).
  const canSearch = hasRole(me, 'admin', 'supervisor', 'unit_head');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const directory = useUserDirectory(q, canSearch);
  const found = directory.data?.items;
  const searching = canSearch && (directory.isFetching || q !== search.trim());
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

  // Every user seen so far (the subscription's, the directory's), so a picked user keeps their
  // name on the pill while the search shows other people.
  const [seen, setSeen] = useState<Map<string, DirectoryUser>>(() => new Map());
  useEffect(() => {
    if (found?.length) setSeen((prev) => new Map([...prev, ...found.map((u) => [u.id, u] as const)]));
  }, [found]);

  const userOptions = useMemo(() => {
    const known = new Map<string, string>([[me.id, `${me.name} (${t('common.you')})`]]);
    for (const r of sub?.recipients ?? [])
      if (r.userId && !known.has(r.userId))
        known.set(
          r.userId,
          r.name ? `${r.name}${r.email ? ` · ${r.email}` : ` ${t('subs.userInactive')}`}` : r.userId,
        );
    const label = (u: DirectoryUser) => known.get(u.id) ?? `${u.name} · ${u.email}`;
    const options = new Map<string, string>();
    for (const id of form.values.userIds) {
      const user = seen.get(id);
      options.set(id, user ? label(user) : (known.get(id) ?? id));
    }
    for (const u of found ?? []) options.set(u.id, label(u));
    if (!options.has(me.id)) options.set(me.id, known.get(me.id)!);
    return [...options].map(([value, text]) => ({ value, label: text }));
  }, [me, sub, seen, found, form.values.userIds, t]);
  const unitOf = (id: string) => seen.get(id)?.unitName;

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
          <TimeField
            ariaName={t('subs.sendAt', { zone: zoneAbbr(tz) })}
            label={t('subs.sendAt', { zone: zoneAbbr(tz) })}
            description={t('subs.sendAtHint')}
            required
            {...form.getInputProps('sendAt')}
          />
        </SimpleGrid>
        <MultiSelect
          label={t('subs.recipientUsers')}
          description={t(canSearch ? 'subs.recipientUsersSearchHint' : 'subs.recipientUsersHint')}
          placeholder={canSearch ? t('subs.recipientUsersPlaceholder') : undefined}
          data={userOptions}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          loading={canSearch && directory.isFetching}
          nothingFoundMessage={
            directory.isError
              ? t('subs.directoryFailed')
              : searching
                ? t('subs.directorySearching')
                : t('subs.directoryNone')
          }
          renderOption={({ option }) => (
            <Stack gap={0}>
              <Text size="sm">{option.label}</Text>
              {unitOf(option.value) && (
                <Text size="xs" c="dimmed">
                  {unitOf(option.value)}
                </Text>
              )}
            </Stack>
          )}
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

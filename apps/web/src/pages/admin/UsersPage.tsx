import { ROLES, type RoleName, type User } from '@desk/contracts';
import {
  Badge,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { notify } from '../../lib/notify';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import { useTeams, useUnits, useUsers } from '../../api/hooks';
import { AdminList, EditButton, FormDialog } from '../../components/AdminList';
import { FormActions } from '../../components/FormActions';
import { PasswordField } from '../../components/PasswordField';
import { FormError } from '../../components/States';
import { applyProblemToForm } from '../../lib/problem';
import { userSchema, type UserFormValues } from '../../schemas';

const FIELDS = [
  'name',
  'email',
  'password',
  'nip',
  'unitId',
  'roles',
  'teamIds',
  'locale',
  'active',
] as const;

function UserForm({ user, onDone }: { user: User | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const units = useUnits();
  const teams = useTeams();
  const creating = !user;
  const schema = useMemo(() => userSchema(t, creating), [t, creating]);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<UserFormValues>({
    mode: 'controlled',
    initialValues: {
      name: user?.name ?? '',
      email: user?.email ?? '',
      password: '',
      nip: user?.nip ?? '',
      unitId: user?.unitId ?? '',
      roles: user?.roles ?? ['requester'],
      teamIds: user?.teamIds ?? [],
      locale: user?.locale === 'en' ? 'en' : 'id',
      active: user?.active ?? true,
    },
    validate: schemaResolver(schema, { sync: true }),
  });
  const save = useMutation({
    mutationFn: (v: UserFormValues) => {
      const body = {
        name: v.name.trim(),
        ...(v.password ? { password: v.password } : {}),
        ...(v.nip ? { nip: v.nip } : {}),
        unitId: v.unitId,
        roles: v.roles,
        teamIds: v.teamIds,
        locale: v.locale,
      };
      return creating
        ? request<User>('/users', { method: 'POST', body: { ...body, email: v.email.trim() } })
        : request<User>(`/users/${user.id}`, { method: 'PATCH', body: { ...body, active: v.active } });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await save.mutateAsync(values);
      notify(t('admin.saved'));
      onDone();
    } catch (error) {
      setFormError(applyProblemToForm(form, error, t, i18n.language, FIELDS));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('admin.name')} required {...form.getInputProps('name')} />
          <TextInput
            label={t('admin.email')}
            type="email"
            required
            disabled={!creating}
            {...form.getInputProps('email')}
          />
          <PasswordField
            label={creating ? t('admin.password') : t('admin.passwordNew')}
            required={creating}
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <TextInput
            label={t('admin.nip')}
            description={t('admin.nipHint')}
            inputMode="numeric"
            maxLength={18}
            {...form.getInputProps('nip')}
          />
        </SimpleGrid>
        <Select
          label={t('admin.unit')}
          required
          searchable
          data={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          {...form.getInputProps('unitId')}
        />
        <MultiSelect
          label={t('admin.roles')}
          required
          data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          {...form.getInputProps('roles')}
        />
        <MultiSelect
          label={t('admin.teamsField')}
          data={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
          clearable
          {...form.getInputProps('teamIds')}
        />
        <Group gap="lg">
          <Select
            label={t('admin.locale')}
            data={[
              { value: 'id', label: t('lang.id') },
              { value: 'en', label: t('lang.en') },
            ]}
            allowDeselect={false}
            w={200}
            {...form.getInputProps('locale')}
          />
          {!creating && (
            <Switch
              mt="lg"
              label={t('admin.active')}
              {...form.getInputProps('active', { type: 'checkbox' })}
            />
          )}
        </Group>
        <FormActions onCancel={onDone} loading={save.isPending} />
      </Stack>
    </form>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  const units = useUnits();
  const [unitId, setUnitId] = useState<string | null>(null);
  const [role, setRole] = useState<RoleName | null>(null);
  const users = useUsers({ ...(unitId ? { unitId } : {}), ...(role ? { role } : {}) });
  const [editing, setEditing] = useState<User | null | 'new'>(null);
  const unitOf = (id: string) => units.data?.find((u) => u.id === id);
  return (
    <>
      <AdminList<User>
        title={t('admin.users')}
        newLabel={t('admin.newUser')}
        onNew={() => setEditing('new')}
        records={users.data}
        fetching={users.isPending}
        error={users.error}
        onRetry={() => void users.refetch()}
        columns={[
          {
            accessor: 'name',
            title: t('admin.name'),
            render: (u) => (
              <Stack gap={0}>
                <Text size="sm" fw={500}>
                  {u.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {u.email}
                </Text>
              </Stack>
            ),
          },
          {
            accessor: 'unitId',
            title: t('admin.unit'),
            render: (u) => (
              <Tooltip label={unitOf(u.unitId)?.name ?? ''} withArrow>
                <Text size="sm" ff="monospace" component="span" tabIndex={0}>
                  {unitOf(u.unitId)?.code ?? '—'}
                </Text>
              </Tooltip>
            ),
            visibleMediaQuery: (th) => `(min-width: ${th.breakpoints.md})`,
          },
          {
            accessor: 'roles',
            title: t('admin.roles'),
            render: (u) => (
              <Group gap={4}>
                {u.roles.map((r) => (
                  <Badge key={r} size="sm" variant="light" color="desk">
                    {t(`roles.${r}`)}
                  </Badge>
                ))}
              </Group>
            ),
            visibleMediaQuery: (th) => `(min-width: ${th.breakpoints.sm})`,
          },
          {
            accessor: 'active',
            title: t('admin.active'),
            render: (u) => (
              <Badge size="sm" color={u.active ? 'ok.8' : 'gray.3'} autoContrast>
                {u.active ? t('admin.active') : t('admin.inactive')}
              </Badge>
            ),
          },
          {
            accessor: 'actions',
            title: '',
            textAlign: 'right',
            render: (u) => <EditButton name={u.name} onClick={() => setEditing(u)} />,
          },
        ]}
      >
        <Group gap="xs">
          <Select
            label={t('admin.filterUnit')}
            placeholder={t('common.all')}
            data={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            value={unitId}
            onChange={setUnitId}
            clearable
            searchable
            w={{ base: '100%', xs: 280 }}
          />
          <Select
            label={t('admin.filterRole')}
            placeholder={t('common.all')}
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={role}
            onChange={(v) => setRole(v as RoleName | null)}
            clearable
            w={{ base: '100%', xs: 220 }}
          />
        </Group>
      </AdminList>
      <FormDialog
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('admin.newUser') : t('admin.editUser')}
        size="lg"
      >
        <UserForm user={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
      </FormDialog>
    </>
  );
}

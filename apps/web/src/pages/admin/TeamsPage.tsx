import type { Team, TeamUpdate } from '@desk/contracts';
import { Badge, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { notify } from '../../lib/notify';
import { IconShieldLock } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, request } from '../../api/client';
import { useTeams } from '../../api/hooks';
import { AdminList, EditButton, FormDialog } from '../../components/AdminList';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/States';
import { applyProblemToForm } from '../../lib/problem';
import { teamSchema } from '../../schemas';

function TeamForm({ team, onDone }: { team: Team | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const schema = useMemo(() => teamSchema(t), [t]);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { code: team?.code ?? '', name: team?.name ?? '', security: team?.security ?? false },
    validate: schemaResolver(schema, { sync: true }),
  });
  const save = useMutation({
    mutationFn: (body: Required<TeamUpdate>) =>
      team
        ? request<Team>(`/teams/${team.id}`, { method: 'PATCH', body })
        : request<Team>('/teams', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['teams'] }),
  });
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await save.mutateAsync({ ...values, code: values.code.trim(), name: values.name.trim() });
      notify(t('admin.saved'));
      onDone();
    } catch (error) {
      setFormError(applyProblemToForm(form, error, t, i18n.language, ['code', 'name', 'security']));
      // The api says so in English; there is one CSIRT team, so say which rule it is in plain words.
      if (isApiError(error) && error.fieldErrors().some((fe) => fe.field === 'security'))
        form.setFieldError('security', t('admin.securityTaken'));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError message={formError} />
        <TextInput
          label={t('admin.code')}
          description={t('admin.codeHint')}
          required
          {...form.getInputProps('code')}
        />
        <TextInput label={t('admin.name')} required {...form.getInputProps('name')} />
        <Checkbox
          label={t('admin.security')}
          description={t('admin.securityHint')}
          {...form.getInputProps('security', { type: 'checkbox' })}
        />
        <FormActions onCancel={onDone} loading={save.isPending} />
      </Stack>
    </form>
  );
}

export function TeamsPage() {
  const { t } = useTranslation();
  const teams = useTeams();
  const [editing, setEditing] = useState<Team | null | 'new'>(null);
  return (
    <>
      <AdminList<Team>
        title={t('admin.teams')}
        newLabel={t('admin.newTeam')}
        onNew={() => setEditing('new')}
        records={teams.data}
        fetching={teams.isPending}
        error={teams.error}
        onRetry={() => void teams.refetch()}
        columns={[
          {
            accessor: 'code',
            title: t('admin.code'),
            render: (tm) => (
              <Text size="sm" ff="monospace">
                {tm.code}
              </Text>
            ),
          },
          {
            accessor: 'name',
            title: t('admin.name'),
            render: (tm) => (
              <Group gap={6}>
                <Text size="sm">{tm.name}</Text>
                {tm.security && (
                  <Badge
                    size="sm"
                    color="red.9"
                    autoContrast
                    leftSection={<IconShieldLock size={12} aria-hidden />}
                  >
                    CSIRT
                  </Badge>
                )}
              </Group>
            ),
          },
          {
            accessor: 'actions',
            title: '',
            textAlign: 'right',
            render: (tm) => <EditButton name={tm.name} onClick={() => setEditing(tm)} />,
          },
        ]}
      />
      <FormDialog
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('admin.newTeam') : t('admin.editTeam')}
      >
        <TeamForm team={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
      </FormDialog>
    </>
  );
}

import type { Category } from '@desk/contracts';
import { Select, Stack, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { notify } from '../../lib/notify';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import { useCategories, useTeams } from '../../api/hooks';
import { AdminList, FormDialog } from '../../components/AdminList';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/States';
import { applyProblemToForm } from '../../lib/problem';
import { categorySchema } from '../../schemas';

function CategoryForm({ onDone }: { onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const teams = useTeams();
  const schema = useMemo(() => categorySchema(t), [t]);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<{ code: string; name: string; teamId: string | null }>({
    mode: 'controlled',
    initialValues: { code: '', name: '', teamId: null },
    validate: schemaResolver(schema, { sync: true }),
  });
  const save = useMutation({
    mutationFn: (body: { code: string; name: string; teamId: string }) =>
      request<Category>('/categories', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['categories'] }),
  });
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await save.mutateAsync({
        code: values.code.trim(),
        name: values.name.trim(),
        teamId: values.teamId ?? '',
      });
      notify(t('admin.saved'));
      onDone();
    } catch (error) {
      setFormError(applyProblemToForm(form, error, t, i18n.language, ['code', 'name', 'teamId']));
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
        <Select
          label={t('admin.routeTeam')}
          required
          data={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
          {...form.getInputProps('teamId')}
        />
        <FormActions onCancel={onDone} loading={save.isPending} />
      </Stack>
    </form>
  );
}

export function CategoriesPage() {
  const { t } = useTranslation();
  const categories = useCategories();
  const teams = useTeams();
  const [creating, setCreating] = useState(false);
  const teamName = (id: string) => teams.data?.find((tm) => tm.id === id)?.name ?? '—';
  return (
    <>
      <AdminList<Category>
        title={t('admin.categories')}
        newLabel={t('admin.newCategory')}
        onNew={() => setCreating(true)}
        records={categories.data}
        fetching={categories.isPending}
        error={categories.error}
        onRetry={() => void categories.refetch()}
        columns={[
          {
            accessor: 'code',
            title: t('admin.code'),
            render: (c) => (
              <Text size="sm" ff="monospace">
                {c.code}
              </Text>
            ),
            visibleMediaQuery: (th) => `(min-width: ${th.breakpoints.sm})`,
          },
          { accessor: 'name', title: t('admin.name') },
          { accessor: 'teamId', title: t('admin.routeTeam'), render: (c) => teamName(c.teamId) },
        ]}
      />
      <FormDialog opened={creating} onClose={() => setCreating(false)} title={t('admin.newCategory')}>
        <CategoryForm onDone={() => setCreating(false)} />
      </FormDialog>
    </>
  );
}

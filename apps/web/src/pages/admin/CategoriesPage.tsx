import type { Category, CategoryUpdate } from '@desk/contracts';
import { Select, Stack, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { notify } from '../../lib/notify';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { request } from '../../api/client';
import { useCategories, useTeams } from '../../api/hooks';
import { AdminList, EditButton, FormDialog } from '../../components/AdminList';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/States';
import { applyProblemToForm } from '../../lib/problem';
import { categorySchema } from '../../schemas';

function CategoryForm({ category, onDone }: { category: Category | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const teams = useTeams();
  // A new category needs a route; an existing one may lose it (Tier 1 then names the team).
  const schema = useMemo(
    () => (category ? categorySchema(t).extend({ teamId: z.string().nullable() }) : categorySchema(t)),
    [t, category],
  );
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<{ code: string; name: string; teamId: string | null }>({
    mode: 'controlled',
    initialValues: {
      code: category?.code ?? '',
      name: category?.name ?? '',
      teamId: category?.teamId ?? null,
    },
    validate: schemaResolver(schema, { sync: true }),
  });
  const save = useMutation({
    mutationFn: (body: Required<CategoryUpdate>) =>
      category
        ? request<Category>(`/categories/${category.id}`, { method: 'PATCH', body })
        : request<Category>('/categories', { method: 'POST', body: { ...body, teamId: body.teamId ?? '' } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['categories'] }),
  });
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await save.mutateAsync({
        code: values.code.trim(),
        name: values.name.trim(),
        teamId: values.teamId || null,
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
          description={category ? t('admin.routeTeamHint') : undefined}
          required={!category}
          clearable={!!category}
          placeholder={category ? t('admin.noRoute') : undefined}
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
  const [editing, setEditing] = useState<Category | null | 'new'>(null);
  const teamName = (id: string | null) => (id && teams.data?.find((tm) => tm.id === id)?.name) ?? null;
  return (
    <>
      <AdminList<Category>
        title={t('admin.categories')}
        newLabel={t('admin.newCategory')}
        onNew={() => setEditing('new')}
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
          {
            accessor: 'teamId',
            title: t('admin.routeTeam'),
            render: (c) =>
              c.teamId ? (
                (teamName(c.teamId) ?? '—')
              ) : (
                <Text size="sm" c="dimmed">
                  {t('admin.noRoute')}
                </Text>
              ),
          },
          {
            accessor: 'actions',
            title: '',
            textAlign: 'right',
            render: (c) => <EditButton name={c.name} onClick={() => setEditing(c)} />,
          },
        ]}
      />
      <FormDialog
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('admin.newCategory') : t('admin.editCategory')}
      >
        <CategoryForm category={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
      </FormDialog>
    </>
  );
}

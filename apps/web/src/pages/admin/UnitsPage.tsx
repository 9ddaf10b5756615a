import type { Unit } from '@desk/contracts';
import { Badge, Checkbox, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { notify } from '../../lib/notify';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import { useUnits } from '../../api/hooks';
import { AdminList, EditButton, FormDialog } from '../../components/AdminList';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/States';
import { applyProblemToForm } from '../../lib/problem';
import { unitSchema } from '../../schemas';

function UnitForm({ unit, onDone }: { unit: Unit | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const schema = useMemo(() => unitSchema(t), [t]);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      code: unit?.code ?? '',
      name: unit?.name ?? '',
      kind: unit?.kind ?? 'pd',
      mandiriTik: unit?.mandiriTik ?? false,
    },
    validate: schemaResolver(schema, { sync: true }),
  });
  const save = useMutation({
    mutationFn: (body: typeof form.values) =>
      unit
        ? request<Unit>(`/units/${unit.id}`, { method: 'PATCH', body })
        : request<Unit>('/units', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['units'] }),
  });
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await save.mutateAsync({ ...values, code: values.code.trim(), name: values.name.trim() });
      notify(t('admin.saved'));
      onDone();
    } catch (error) {
      setFormError(applyProblemToForm(form, error, t, i18n.language, ['code', 'name', 'kind', 'mandiriTik']));
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
        <Stack gap={4}>
          <Text size="sm" fw={500} id="unit-kind">
            {t('admin.kind')}
          </Text>
          <SegmentedControl
            aria-labelledby="unit-kind"
            data={[
              { value: 'pd', label: t('admin.kindPd') },
              { value: 'dinas', label: t('admin.kindDinas') },
            ]}
            {...form.getInputProps('kind')}
          />
        </Stack>
        <Checkbox
          label={t('admin.mandiriTik')}
          description={t('admin.mandiriTikHint')}
          {...form.getInputProps('mandiriTik', { type: 'checkbox' })}
        />
        <FormActions onCancel={onDone} loading={save.isPending} />
      </Stack>
    </form>
  );
}

export function UnitsPage() {
  const { t } = useTranslation();
  const units = useUnits();
  const [editing, setEditing] = useState<Unit | null | 'new'>(null);
  return (
    <>
      <AdminList<Unit>
        title={t('admin.units')}
        newLabel={t('admin.newUnit')}
        onNew={() => setEditing('new')}
        records={units.data}
        fetching={units.isPending}
        error={units.error}
        onRetry={() => void units.refetch()}
        columns={[
          {
            accessor: 'code',
            title: t('admin.code'),
            render: (u) => (
              <Text size="sm" ff="monospace">
                {u.code}
              </Text>
            ),
          },
          { accessor: 'name', title: t('admin.name') },
          {
            accessor: 'kind',
            title: t('admin.kind'),
            render: (u) => (
              <Group gap={4}>
                <Text size="sm">{u.kind === 'dinas' ? t('admin.kindDinas') : t('admin.kindPd')}</Text>
                {u.mandiriTik && (
                  <Badge size="sm" variant="light" color="desk">
                    {t('admin.mandiriTik')}
                  </Badge>
                )}
              </Group>
            ),
            visibleMediaQuery: (th) => `(min-width: ${th.breakpoints.sm})`,
          },
          {
            accessor: 'actions',
            title: '',
            textAlign: 'right',
            render: (u) => <EditButton name={u.name} onClick={() => setEditing(u)} />,
          },
        ]}
      />
      <FormDialog
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('admin.newUnit') : t('admin.editUnit')}
      >
        <UnitForm unit={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
      </FormDialog>
    </>
  );
}

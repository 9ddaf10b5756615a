import type { TicketOverview } from '@desk/contracts';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, request } from '../../api/client';
import { notify } from '../../lib/notify';
import { applyProblemToForm, problemMessage } from '../../lib/problem';
import { OVERVIEW_NAME, overviewSchema } from '../../schemas';
import { FormActions } from '../FormActions';
import { FormError } from '../States';

const KEY = ['ticket-overviews'];

/**
 * The agent's saved filters ("overviews", private to each agent): pick one to apply its filters,
 * save the current filters under a name, delete the one picked.
 */
export function OverviewBar({
  current,
  params,
  onApply,
}: {
  /** The overview whose filters are applied now, if any. */
  current: string | null;
  /** The current filters as GET /tickets parameters (what "save" stores). */
  params: Record<string, string>;
  onApply: (overview: TicketOverview | null) => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [saving, setSaving] = useState(false);
  const list = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => request<TicketOverview[]>('/ticket-overviews', { signal }),
    staleTime: 60_000,
  });
  const remove = useMutation({
    mutationFn: (id: string) => request<void>(`/ticket-overviews/${id}`, { method: 'DELETE' }),
    onSuccess: (_v, id) => {
      const name = list.data?.find((o) => o.id === id)?.name ?? '';
      onApply(null);
      void qc.invalidateQueries({ queryKey: KEY });
      notify(t('workspace.overviews.deleted', { name }));
    },
    onError: (error) => notify(problemMessage(error, t), 'red'),
  });
  const items = list.data ?? [];

  return (
    <Group gap="xs" align="flex-end" wrap="wrap" data-testid="overview-bar">
      <Select
        label={t('workspace.overviews.label')}
        placeholder={items.length ? t('workspace.overviews.pick') : t('workspace.overviews.none')}
        data={items.map((o) => ({ value: o.id, label: o.name }))}
        value={current}
        onChange={(id) => onApply(items.find((o) => o.id === id) ?? null)}
        clearable
        searchable
        disabled={!items.length}
        w={{ base: '100%', xs: 260 }}
        comboboxProps={{ withinPortal: true }}
      />
      <Button
        variant="default"
        leftSection={<IconDeviceFloppy size={16} aria-hidden />}
        onClick={() => setSaving(true)}
      >
        {t('workspace.overviews.save')}
      </Button>
      {current && (
        <Button
          variant="subtle"
          color="red.9"
          leftSection={<IconTrash size={16} aria-hidden />}
          loading={remove.isPending}
          onClick={() => remove.mutate(current)}
        >
          {t('workspace.overviews.delete')}
        </Button>
      )}
      <Modal
        opened={saving}
        onClose={() => setSaving(false)}
        title={t('workspace.overviews.saveTitle')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {saving && (
          <SaveOverviewForm
            params={params}
            onClose={() => setSaving(false)}
            onSaved={(o) => {
              qc.setQueryData<TicketOverview[]>(KEY, (old) =>
                [...(old ?? []), o].sort((a, b) => a.name.localeCompare(b.name)),
              );
              void qc.invalidateQueries({ queryKey: KEY });
              onApply(o);
              notify(t('workspace.overviews.saved', { name: o.name }));
            }}
          />
        )}
      </Modal>
    </Group>
  );
}

function SaveOverviewForm({
  params,
  onClose,
  onSaved,
}: {
  params: Record<string, string>;
  onClose: () => void;
  onSaved: (o: TicketOverview) => void;
}) {
  const { t, i18n } = useTranslation();
  const schema = useMemo(() => overviewSchema(t), [t]);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '' },
    validate: schemaResolver(schema, { sync: true }),
  });
  const submit = form.onSubmit(async ({ name }) => {
    setFormError(null);
    try {
      const saved = await request<TicketOverview>('/ticket-overviews', {
        method: 'POST',
        body: { name: name.trim(), query: params },
      });
      onSaved(saved);
      onClose();
    } catch (error) {
      // A name the agent already uses: say so at the name.
      if (isApiError(error) && error.status === 409)
        form.setFieldError('name', t('workspace.overviews.taken'));
      else setFormError(applyProblemToForm(form, error, t, i18n.language, ['name']));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError message={formError} />
        <TextInput
          label={t('workspace.overviews.name')}
          description={t('actions.minChars', {
            min: OVERVIEW_NAME.min,
            written: form.values.name.trim().length,
          })}
          required
          maxLength={OVERVIEW_NAME.max}
          data-autofocus
          {...form.getInputProps('name')}
        />
        <FormActions onCancel={onClose} loading={form.submitting} />
      </Stack>
    </form>
  );
}

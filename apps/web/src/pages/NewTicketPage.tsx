import { CHANNELS, SECURITY_CATEGORY_PATTERN, TICKET_KINDS, type Ticket } from '@desk/contracts';
import { Alert, Button, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { IconWifiOff } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, request } from '../api/client';
import { useCategories } from '../api/hooks';
import { uploadAttachment } from '../api/upload';
import { useMeRequired } from '../auth/AuthContext';
import { ArticleSuggestions } from '../components/kb/ArticleSuggestions';
import { FilePicker, fileProblem, type PickedFile } from '../components/FilePicker';
import { PageHeader } from '../components/PageHeader';
import { LevelChoice, SecurityIncidentHint } from '../components/report/ReportFields';
import { KbSolvedReceipt, ReportReceipt } from '../components/report/ReportOutcome';
import { FormError } from '../components/States';
import { newIdempotencyKey } from '../lib/idempotency';
import { applyProblemToForm, problemMessage } from '../lib/problem';
import { hasRole } from '../lib/roles';
import { useStaticForm } from '../lib/static-form';
import { ticketSchema, type TicketFormValues } from '../schemas';

const FIELDS = ['kind', 'categoryId', 'title', 'description', 'impact', 'urgency', 'channel'] as const;

/** The fields the static report form can hold, checked against the form's choices. */
function carriedValues(values: Partial<Record<keyof TicketFormValues, string>>): Partial<TicketFormValues> {
  const out: Partial<TicketFormValues> = {};
  if (values.title !== undefined) out.title = values.title;
  if (values.description !== undefined) out.description = values.description;
  const kind = TICKET_KINDS.find((k) => k === values.kind);
  if (kind) out.kind = kind;
  for (const key of ['impact', 'urgency'] as const) {
    const level = (['1', '2', '3'] as const).find((l) => l === values[key]);
    if (level) out[key] = level;
  }
  return out;
}

export function NewTicketPage() {
  const { t, i18n } = useTranslation();
  const me = useMeRequired();
  const qc = useQueryClient();
  const categories = useCategories();
  const isTier1 = hasRole(me, 'tier1');
  const schema = useMemo(() => ticketSchema(t), [t]);
  // One key per report: every retry of this form (a flaky connection, a double tap) files one ticket.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [fileErrors, setFileErrors] = useState<string[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<Ticket | null>(null);
  // The requester ended the draft: an article solved the problem (nothing was filed).
  const [solved, setSolved] = useState(false);

  const formRef = useRef<HTMLFormElement>(null);
  // What was typed into the static form of index.html before this page's scripts arrived.
  const carried = useStaticForm<TicketFormValues>('report', formRef, (values) =>
    form.setValues(carriedValues(values)),
  );
  const form = useForm<TicketFormValues>({
    mode: 'controlled',
    initialValues: {
      kind: 'incident',
      categoryId: null,
      title: '',
      description: '',
      impact: '' as '1',
      urgency: '' as '1',
      channel: 'web',
      ...carriedValues(carried),
    },
    validate: schemaResolver(schema, { sync: true }),
  });

  const create = useMutation({
    mutationFn: (values: TicketFormValues) =>
      request<Ticket>('/tickets', {
        method: 'POST',
        headers: { 'Idempotency-Key': idempotencyKey },
        body: {
          kind: values.kind,
          title: values.title.trim(),
          description: values.description.trim(),
          ...(values.categoryId ? { categoryId: values.categoryId } : {}),
          impact: Number(values.impact),
          urgency: Number(values.urgency),
          ...(isTier1 ? { channel: values.channel } : {}),
        },
      }),
    // Safe to resend: the same Idempotency-Key answers with the ticket the first attempt created.
    retry: (count, error) => count < 4 && isApiError(error) && (error.network || error.status >= 500),
    retryDelay: (attempt) => Math.min(8000, 1000 * 2 ** attempt),
  });

  async function uploadAll(ticket: Ticket) {
    for (let i = 0; i < files.length; i++) {
      if (files[i].state === 'done') continue;
      setFiles((fs) =>
        fs.map((f, j) => (j === i ? { ...f, state: 'uploading', progress: 0, error: undefined } : f)),
      );
      try {
        await uploadAttachment(ticket.id, files[i].file, {
          onProgress: (p) => setFiles((fs) => fs.map((f, j) => (j === i ? { ...f, progress: p } : f))),
        });
        setFiles((fs) => fs.map((f, j) => (j === i ? { ...f, state: 'done', progress: 1 } : f)));
      } catch (error) {
        setFiles((fs) =>
          fs.map((f, j) => (j === i ? { ...f, state: 'failed', error: problemMessage(error, t) } : f)),
        );
      }
    }
    void qc.invalidateQueries({ queryKey: ['ticket', ticket.id, 'attachments'] });
  }

  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      const ticket = await create.mutateAsync(values);
      setReceipt(ticket);
      window.scrollTo({ top: 0 });
      void qc.invalidateQueries({ queryKey: ['tickets'] });
      if (files.length) await uploadAll(ticket);
    } catch (error) {
      setFormError(applyProblemToForm(form, error, t, i18n.language, FIELDS));
    }
  });

  function addFiles(picked: File[]) {
    const problems: string[] = [];
    const ok: PickedFile[] = [];
    for (const file of picked) {
      const problem = fileProblem(file, t);
      if (problem) problems.push(problem);
      else ok.push({ file, progress: null, state: 'waiting' });
    }
    setFileErrors(problems);
    setFiles((fs) => [...fs, ...ok]);
  }

  function startOver() {
    form.reset();
    setFiles([]);
    setFileErrors([]);
    setReceipt(null);
    setSolved(false);
    setIdempotencyKey(newIdempotencyKey());
    create.reset();
  }

  if (solved) return <KbSolvedReceipt onStartOver={startOver} />;
  if (receipt)
    return (
      <ReportReceipt
        receipt={receipt}
        files={files}
        onRetryUploads={() => void uploadAll(receipt)}
        onStartOver={startOver}
      />
    );

  const retrying = create.isPending && create.failureCount > 0;
  const categoryOptions = (categories.data ?? []).map((c) => ({ value: c.id, label: c.name }));
  const chosen = categories.data?.find((c) => c.id === form.values.categoryId);
  const securityCategory = !!chosen && SECURITY_CATEGORY_PATTERN.test(`${chosen.code} ${chosen.name}`);

  return (
    <Stack maw={720} mx="auto" gap={0}>
      <PageHeader title={t('report.title')} subtitle={t('report.intro')} />
      <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md">
        <form ref={formRef} onSubmit={submit} noValidate aria-busy={create.isPending}>
          <Stack gap="md">
            <FormError message={formError} />
            <Select
              label={t('report.kind')}
              required
              data={TICKET_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
              renderOption={({ option }) => (
                <Stack gap={0}>
                  <Text size="sm">{option.label}</Text>
                  <Text size="xs" c="dimmed">
                    {t(`kindHint.${option.value as 'incident'}`)}
                  </Text>
                </Stack>
              )}
              description={t(`kindHint.${form.values.kind}`)}
              allowDeselect={false}
              {...form.getInputProps('kind')}
            />
            <TextInput
              label={t('report.titleLabel')}
              placeholder={t('report.titlePlaceholder')}
              required
              maxLength={200}
              data-field="title"
              {...form.getInputProps('title')}
            />
            {!isTier1 && (
              <ArticleSuggestions
                title={form.values.title}
                onSolved={() => {
                  setSolved(true);
                  window.scrollTo({ top: 0 });
                }}
              />
            )}
            <Textarea
              label={t('report.description')}
              placeholder={t('report.descriptionPlaceholder')}
              required
              autosize
              minRows={4}
              maxRows={12}
              data-field="description"
              {...form.getInputProps('description')}
            />
            <Select
              label={t('report.category')}
              placeholder={t('report.categoryPlaceholder')}
              description={t('report.categoryHint')}
              data={categoryOptions}
              searchable
              clearable
              nothingFoundMessage={t('common.emptyTitle')}
              {...form.getInputProps('categoryId')}
            />
            {securityCategory && <SecurityIncidentHint />}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <LevelChoice name="impact" label={t('impact.label')} {...form.getInputProps('impact')} />
              <LevelChoice name="urgency" label={t('urgency.label')} {...form.getInputProps('urgency')} />
            </SimpleGrid>
            {isTier1 && (
              <Select
                label={t('report.channel')}
                data={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
                allowDeselect={false}
                {...form.getInputProps('channel')}
              />
            )}
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('report.attachments')}{' '}
                <Text span size="xs" c="dimmed">
                  ({t('common.optional')})
                </Text>
              </Text>
              <FilePicker
                files={files}
                onAdd={addFiles}
                onRemove={(i) => setFiles((fs) => fs.filter((_, j) => j !== i))}
                errors={fileErrors}
                disabled={create.isPending}
              />
            </Stack>
            {retrying && (
              <Alert color="yellow" variant="light" icon={<IconWifiOff aria-hidden />} role="status">
                {t('report.retrying')}
              </Alert>
            )}
            <Button type="submit" size="md" loading={create.isPending} fullWidth={true}>
              {t('report.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

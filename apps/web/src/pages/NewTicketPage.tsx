import { ticketPath } from '../api/deskTools';
import { CHANNELS, SECURITY_CATEGORY_PATTERN, TICKET_KINDS, type Ticket } from '@desk/contracts';
import {
  Alert,
  Button,
  CopyButton,
  Group,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { IconCircleCheck, IconCopy, IconShieldExclamation, IconWifiOff } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError, request } from '../api/client';
import { useCategories } from '../api/hooks';
import { uploadAttachment } from '../api/upload';
import { useMeRequired } from '../auth/AuthContext';
import { PriorityBadge } from '../components/Badges';
import { ArticleSuggestions } from '../components/kb/ArticleSuggestions';
import { FilePicker, fileProblem, type PickedFile } from '../components/FilePicker';
import { PageHeader } from '../components/PageHeader';
import { FormError } from '../components/States';
import { newIdempotencyKey } from '../lib/idempotency';
import { applyProblemToForm, problemMessage } from '../lib/problem';
import { hasRole } from '../lib/roles';
import { useIncidentT } from '../i18n/useIncidentT';
import { ticketSchema, type TicketFormValues } from '../schemas';

const FIELDS = ['kind', 'categoryId', 'title', 'description', 'impact', 'urgency', 'channel'] as const;

function LevelChoice({
  name,
  label,
  error,
  ...props
}: {
  name: 'impact' | 'urgency';
  label: string;
  error?: React.ReactNode;
  value?: string;
  onChange?: (v: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      label={label}
      error={error}
      required
      value={props.value}
      onChange={props.onChange}
      name={name}
    >
      <Stack gap={6} mt={6}>
        {(['1', '2', '3'] as const).map((level) => (
          <Radio.Card key={level} value={level} radius="md" p="sm" data-testid={`${name}-${level}`}>
            <Group wrap="nowrap" gap="sm">
              <Radio.Indicator />
              <Text size="sm">{t(`${name}.${level}`)}</Text>
            </Group>
          </Radio.Card>
        ))}
      </Stack>
    </Radio.Group>
  );
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

  if (solved) {
    return (
      <Stack maw={640} mx="auto" gap="md">
        <Paper
          withBorder
          p={{ base: 'md', sm: 'xl' }}
          radius="md"
          role="status"
          data-testid="kb-solved-receipt"
        >
          <Stack align="center" ta="center" gap="sm">
            <ThemeIcon color="green.8" size={56} radius="xl" aria-hidden>
              <IconCircleCheck size={34} />
            </ThemeIcon>
            <Title order={1} size="h3">
              {t('kb.solvedTitle')}
            </Title>
            <Text size="sm" maw={420}>
              {t('kb.solvedText')}
            </Text>
          </Stack>
        </Paper>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          <Button component={Link} to="/help">
            {t('nav.help')}
          </Button>
          <Button variant="default" onClick={startOver}>
            {t('kb.solvedAgain')}
          </Button>
        </SimpleGrid>
      </Stack>
    );
  }

  if (receipt) {
    const uploading = files.some((f) => f.state === 'uploading' || f.state === 'waiting');
    const failed = files.some((f) => f.state === 'failed');
    return (
      <Stack maw={640} mx="auto" gap="md">
        <Paper
          withBorder
          p={{ base: 'md', sm: 'xl' }}
          radius="md"
          role="status"
          aria-live="polite"
          data-testid="receipt"
        >
          <Stack align="center" ta="center" gap="sm">
            <ThemeIcon color="green.8" size={56} radius="xl" aria-hidden>
              <IconCircleCheck size={34} />
            </ThemeIcon>
            <Title order={1} size="h3">
              {t('report.receiptTitle')}
            </Title>
            <Text c="dimmed">{t('report.receiptNumber')}</Text>
            <Group gap="xs" justify="center">
              <Text className="ticket-number" fz={{ base: 26, sm: 32 }} fw={700} data-testid="ticket-number">
                {receipt.number}
              </Text>
              <CopyButton value={receipt.number}>
                {({ copied, copy }) => (
                  <Button
                    size="compact-sm"
                    variant="light"
                    onClick={copy}
                    leftSection={<IconCopy size={14} aria-hidden />}
                  >
                    {copied ? t('common.copied') : t('common.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Group gap="xs" justify="center">
              <Text size="sm">{t('report.receiptPriority')}:</Text>
              <PriorityBadge priority={receipt.priority} />
            </Group>
            <Text size="sm" maw={420}>
              {t('report.receiptText')}
            </Text>
          </Stack>
        </Paper>
        {files.length > 0 && (
          <Paper withBorder p="md" radius="md">
            <Stack gap="xs">
              <Text fw={600}>{t('report.uploading')}</Text>
              <FilePicker files={files} onAdd={() => undefined} listOnly />
              {failed && !uploading && (
                <Button variant="light" onClick={() => void uploadAll(receipt)}>
                  {t('common.retry')}
                </Button>
              )}
            </Stack>
          </Paper>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          <Button component={Link} to={ticketPath(receipt)}>
            {t('report.viewTicket')}
          </Button>
          <Button variant="default" onClick={startOver}>
            {t('report.another')}
          </Button>
        </SimpleGrid>
      </Stack>
    );
  }

  const retrying = create.isPending && create.failureCount > 0;
  const categoryOptions = (categories.data ?? []).map((c) => ({ value: c.id, label: c.name }));
  const chosen = categories.data?.find((c) => c.id === form.values.categoryId);
  const securityCategory = !!chosen && SECURITY_CATEGORY_PATTERN.test(`${chosen.code} ${chosen.name}`);

  return (
    <Stack maw={720} mx="auto" gap={0}>
      <PageHeader title={t('report.title')} subtitle={t('report.intro')} />
      <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md">
        <form onSubmit={submit} noValidate aria-busy={create.isPending}>
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

/** Offered when the chosen category is about information security: say why, and link the incident form. */
function SecurityIncidentHint() {
  const { ti } = useIncidentT();
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconShieldExclamation aria-hidden />}
      title={ti('securityHintTitle')}
      data-testid="security-incident-hint"
    >
      <Stack gap="xs">
        <Text size="sm">{ti('securityHint')}</Text>
        <Button component={Link} to="/incidents/new" color="red.9" size="sm" w="fit-content">
          {ti('securityHintAction')}
        </Button>
      </Stack>
    </Alert>
  );
}

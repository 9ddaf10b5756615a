import {
  INCIDENT_CATEGORIES,
  INCIDENT_SEVERITIES,
  type IncidentDetailView,
  type IncidentSeverityName,
} from '@desk/contracts';
import {
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { request } from '../../api/client';
import { uploadFile } from '../../api/upload';
import { DoneCard } from '../../components/DoneCard';
import { FilePicker, fileProblem, type PickedFile } from '../../components/FilePicker';
import { TlpBadge } from '../../components/IncidentBadges';
import { PageHeader } from '../../components/PageHeader';
import { DateTimeInput } from '../../components/LazyDateFields';
import { FormError } from '../../components/States';
import { useIncidentT } from '../../i18n/useIncidentT';
import { isCompleteLocal } from '../../lib/local-moment';
import { problemMessage } from '../../lib/problem';

/** `YYYY-MM-DDTHH:mm` in the browser's zone, the value of a DateTimeInput. */
function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

interface Values {
  title: string;
  description: string;
  category: string | null;
  severity: IncidentSeverityName | '';
  detectedAt: string;
  affectedSystems: string;
  dataSecured: boolean;
  containmentActions: string;
}

type Errors = Partial<Record<keyof Values, string>>;

/** The two-minute report: straight to the CSIRT, confidential, evidence attached. */
export default function ReportIncidentPage() {
  const { ti, t } = useIncidentT();
  const qc = useQueryClient();
  const [values, setValues] = useState<Values>({
    title: '',
    description: '',
    category: null,
    severity: '',
    detectedAt: localInput(new Date()),
    affectedSystems: '',
    dataSecured: false,
    containmentActions: '',
  });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [fileErrors, setFileErrors] = useState<string[]>([]);
  const [receipt, setReceipt] = useState<IncidentDetailView | null>(null);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const create = useMutation({
    mutationFn: () =>
      request<IncidentDetailView>('/incidents', {
        method: 'POST',
        body: {
          title: values.title.trim(),
          description: values.description.trim(),
          category: values.category,
          severity: values.severity,
          detectedAt: new Date(values.detectedAt).toISOString(),
          affectedSystems: values.affectedSystems
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          dataSecured: values.dataSecured,
          ...(values.containmentActions.trim()
            ? { containmentActions: values.containmentActions.trim() }
            : {}),
        },
      }),
  });

  function check(): Errors {
    const e: Errors = {};
    const required = t('errors.field.required');
    if (values.title.trim().length < 5)
      e.title = values.title.trim() ? t('errors.field.min', { count: 5 }) : required;
    if (values.description.trim().length < 10)
      e.description = values.description.trim() ? t('errors.field.min', { count: 10 }) : required;
    if (!values.category) e.category = required;
    if (!values.severity) e.severity = required;
    if (!values.detectedAt) e.detectedAt = required;
    else if (!isCompleteLocal(values.detectedAt)) e.detectedAt = t('common.dateTimeIncomplete');
    return e;
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setFormError(null);
    const e = check();
    setErrors(e);
    if (Object.keys(e).length) return;
    try {
      const incident = await create.mutateAsync();
      for (let i = 0; i < files.length; i++) {
        setFiles((fs) => fs.map((f, j) => (j === i ? { ...f, state: 'uploading', progress: 0 } : f)));
        try {
          await uploadFile(`/incidents/${incident.id}/evidence`, files[i].file, {
            onProgress: (p) => setFiles((fs) => fs.map((f, j) => (j === i ? { ...f, progress: p } : f))),
          });
          setFiles((fs) => fs.map((f, j) => (j === i ? { ...f, state: 'done', progress: 1 } : f)));
        } catch (error) {
          setFiles((fs) =>
            fs.map((f, j) => (j === i ? { ...f, state: 'failed', error: problemMessage(error, t) } : f)),
          );
        }
      }
      setReceipt(incident);
      window.scrollTo({ top: 0 });
      void qc.invalidateQueries({ queryKey: ['incidents'] });
    } catch (error) {
      const fieldErrors: Errors = {};
      for (const f of (
        error as { fieldErrors?: () => { field: string; message: string }[] }
      ).fieldErrors?.() ?? [])
        fieldErrors[f.field as keyof Values] = f.message;
      setErrors(fieldErrors);
      setFormError(problemMessage(error, t));
    }
  }

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

  if (receipt) {
    return (
      <Stack maw={640} mx="auto" gap="md">
        <DoneCard testId="incident-receipt" title={ti('receiptTitle')} icon={<IconShieldCheck size={34} />}>
          <TlpBadge tlp={receipt.tlp} />
          <Text fz={{ base: 26, sm: 32 }} fw={700} data-testid="incident-number">
            {receipt.number}
          </Text>
          <Text size="sm" maw={440}>
            {ti('receiptText')}
          </Text>
          {files.length > 0 && <FilePicker files={files} onAdd={() => undefined} listOnly />}
        </DoneCard>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          <Button component={Link} to={`/incidents/${receipt.id}`}>
            {ti('open')}
          </Button>
          <Button variant="default" component={Link} to="/incidents">
            {ti('navMine')}
          </Button>
        </SimpleGrid>
      </Stack>
    );
  }

  return (
    <Stack maw={720} mx="auto" gap={0}>
      <PageHeader title={ti('reportTitle')} subtitle={ti('reportIntro')} />
      <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md">
        <form onSubmit={(e) => void submit(e)} noValidate aria-busy={create.isPending}>
          <Stack gap="md">
            <FormError message={formError} />
            <TextInput
              label={ti('title')}
              placeholder={ti('titlePlaceholder')}
              required
              maxLength={200}
              value={values.title}
              error={errors.title}
              onChange={(e) => set('title', e.currentTarget.value)}
              data-testid="incident-title"
            />
            <Select
              label={ti('category')}
              required
              data={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: ti(`categories.${c}`) }))}
              value={values.category}
              error={errors.category}
              onChange={(v) => set('category', v)}
              allowDeselect={false}
              data-testid="incident-category"
            />
            <Radio.Group
              label={ti('severity')}
              required
              value={values.severity}
              error={errors.severity}
              onChange={(v) => set('severity', v as IncidentSeverityName)}
              name="severity"
            >
              <Stack gap={6} mt={6}>
                {[...INCIDENT_SEVERITIES].reverse().map((s) => (
                  <Radio.Card key={s} value={s} radius="md" p="sm" data-testid={`severity-${s}`}>
                    <Group wrap="nowrap" gap="sm">
                      <Radio.Indicator />
                      <Stack gap={0}>
                        <Text size="sm" fw={600}>
                          {ti(`severities.${s}`)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {ti(`severityHints.${s}`)}
                        </Text>
                      </Stack>
                    </Group>
                  </Radio.Card>
                ))}
              </Stack>
            </Radio.Group>
            <Textarea
              label={ti('description')}
              placeholder={ti('descriptionPlaceholder')}
              required
              autosize
              minRows={4}
              maxRows={12}
              value={values.description}
              error={errors.description}
              onChange={(e) => set('description', e.currentTarget.value)}
              data-testid="incident-description"
            />
            <DateTimeInput
              label={ti('detectedAt')}
              required
              value={values.detectedAt}
              maxDate={localInput(new Date()).slice(0, 10)}
              error={errors.detectedAt}
              onChange={(v) => set('detectedAt', v)}
            />
            <TextInput
              label={ti('affectedSystems')}
              description={ti('affectedSystemsHint')}
              value={values.affectedSystems}
              onChange={(e) => set('affectedSystems', e.currentTarget.value)}
            />
            <Checkbox
              label={ti('dataSecured')}
              checked={values.dataSecured}
              onChange={(e) => set('dataSecured', e.currentTarget.checked)}
            />
            <Textarea
              label={ti('containment')}
              autosize
              minRows={2}
              maxRows={8}
              value={values.containmentActions}
              onChange={(e) => set('containmentActions', e.currentTarget.value)}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {ti('evidence')}{' '}
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
            <Button
              type="submit"
              size="md"
              color="red.9"
              loading={create.isPending}
              fullWidth
              data-testid="incident-submit"
            >
              {ti('submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

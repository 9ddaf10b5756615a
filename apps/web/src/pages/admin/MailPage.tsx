import 'mantine-datatable/styles.layer.css';
import type { CapturedMail, CapturedMailSummary } from '@desk/contracts';
import { Anchor, Badge, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { isApiError, request } from '../../api/client';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDateTime, useTimeZone } from '../../lib/dates';

const captured = () => request<CapturedMailSummary[]>('/dev/mail');

/** Whether the development mail capture runs (its list answers); never asked of non-admins. */
export function useMailCapture(enabled: boolean): { runs: boolean; pending: boolean } {
  const mail = useQuery({
    queryKey: ['dev-mail'],
    queryFn: captured,
    enabled,
    retry: false,
    staleTime: 60_000,
  });
  return { runs: enabled && mail.isSuccess, pending: enabled && mail.isPending };
}

function MailList() {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const navigate = useNavigate();
  const mail = useQuery({
    queryKey: ['dev-mail'],
    queryFn: captured,
    refetchInterval: 10_000,
  });
  if (mail.isPending) return <LoadingState />;
  if (mail.isError) {
    if (isApiError(mail.error) && mail.error.status === 404)
      return <EmptyState text={t('admin.mailUnavailable')} />;
    return <ErrorState error={mail.error} onRetry={() => void mail.refetch()} />;
  }
  if (!mail.data.length) return <EmptyState text={t('admin.mailEmpty')} />;
  return (
    <DataTable<CapturedMailSummary>
      withTableBorder
      borderRadius="md"
      highlightOnHover
      records={mail.data}
      onRowClick={({ record }) => navigate(record.id)}
      columns={[
        {
          accessor: 'subject',
          title: t('admin.mailSubject'),
          render: (m) => (
            <Anchor component={Link} to={m.id} size="sm" onClick={(e) => e.stopPropagation()}>
              {m.subject || '—'}
            </Anchor>
          ),
        },
        {
          accessor: 'to',
          title: t('admin.mailTo'),
          render: (m) => (
            <Text size="sm" truncate maw={260}>
              {m.to.join(', ')}
            </Text>
          ),
        },
        {
          accessor: 'receivedAt',
          title: t('admin.mailReceived'),
          render: (m) => formatDateTime(m.receivedAt, tz),
          visibleMediaQuery: (th) => `(min-width: ${th.breakpoints.sm})`,
        },
      ]}
    />
  );
}

function MailView() {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const { mailId } = useParams();
  const [view, setView] = useState<'text' | 'html'>('text');
  const mail = useQuery({
    queryKey: ['dev-mail', mailId],
    queryFn: () => request<CapturedMail>(`/dev/mail/${mailId}`),
  });
  if (mail.isPending) return <LoadingState />;
  if (mail.isError) return <ErrorState error={mail.error} onRetry={() => void mail.refetch()} />;
  const m = mail.data;
  return (
    <Stack gap="sm">
      <Anchor component={Link} to=".." relative="path" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('common.back')}
        </Group>
      </Anchor>
      <Paper withBorder p="md" radius="md">
        <Stack gap={4}>
          <Title order={2} size="h4">
            {m.subject || '—'}
          </Title>
          <Text size="sm">
            <b>{t('admin.mailFrom')}:</b> {m.from ?? '—'}
          </Text>
          <Text size="sm">
            <b>{t('admin.mailTo')}:</b> {m.to.join(', ')}
          </Text>
          <Text size="sm" c="dimmed">
            {formatDateTime(m.receivedAt, tz)}
          </Text>
          {m.attachments.length > 0 && (
            <Group gap={4}>
              <Text size="sm">{t('admin.mailAttachments')}:</Text>
              {m.attachments.map((a, i) => (
                <Badge key={i} variant="light" color="gray" style={{ textTransform: 'none' }}>
                  {a.fileName ?? a.contentType}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>
      </Paper>
      {m.html && (
        <SegmentedControl
          aria-label={t('admin.mailHtml')}
          value={view}
          onChange={(v) => setView(v as 'text' | 'html')}
          data={[
            { value: 'text', label: t('admin.mailText') },
            { value: 'html', label: t('admin.mailHtml') },
          ]}
          w="fit-content"
        />
      )}
      <Paper withBorder p="md" radius="md">
        {view === 'html' && m.html ? (
          // Sandboxed (no scripts, no same-origin): the mail's HTML cannot touch the app.
          <iframe
            title={m.subject}
            sandbox=""
            srcDoc={m.html}
            style={{ width: '100%', minHeight: 480, border: 0 }}
          />
        ) : (
          <Text size="sm" className="pre-wrap" ff="monospace">
            {m.text}
          </Text>
        )}
      </Paper>
    </Stack>
  );
}

export function MailPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Text fw={600} size="lg" component="h2">
        {t('admin.mail')}
      </Text>
      <Routes>
        <Route index element={<MailList />} />
        <Route path=":mailId" element={<MailView />} />
      </Routes>
    </Stack>
  );
}

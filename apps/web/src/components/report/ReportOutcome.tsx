import type { Ticket } from '@desk/contracts';
import { Button, CopyButton, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ticketPath } from '../../api/deskTools';
import { PriorityBadge } from '../Badges';
import { DoneCard } from '../DoneCard';
import { FilePicker, type PickedFile } from '../FilePicker';

/** An article solved the problem: nothing was filed. */
export function KbSolvedReceipt({ onStartOver }: { onStartOver: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack maw={640} mx="auto" gap="md">
      <DoneCard testId="kb-solved-receipt" title={t('kb.solvedTitle')}>
        <Text size="sm" maw={420}>
          {t('kb.solvedText')}
        </Text>
      </DoneCard>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
        <Button component={Link} to="/help">
          {t('nav.help')}
        </Button>
        <Button variant="default" onClick={onStartOver}>
          {t('kb.solvedAgain')}
        </Button>
      </SimpleGrid>
    </Stack>
  );
}

/** The receipt of a filed report: its number (to copy), priority, and the attachments' upload. */
export function ReportReceipt({
  receipt,
  files,
  onRetryUploads,
  onStartOver,
}: {
  receipt: Ticket;
  files: PickedFile[];
  onRetryUploads: () => void;
  onStartOver: () => void;
}) {
  const { t } = useTranslation();
  const uploading = files.some((f) => f.state === 'uploading' || f.state === 'waiting');
  const failed = files.some((f) => f.state === 'failed');
  return (
    <Stack maw={640} mx="auto" gap="md">
      <DoneCard testId="receipt" title={t('report.receiptTitle')}>
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
      </DoneCard>
      {files.length > 0 && (
        <Paper withBorder p="md" radius="md">
          <Stack gap="xs">
            <Text fw={600}>{t('report.uploading')}</Text>
            <FilePicker files={files} onAdd={() => undefined} listOnly />
            {failed && !uploading && (
              <Button variant="light" onClick={onRetryUploads}>
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
        <Button variant="default" onClick={onStartOver}>
          {t('report.another')}
        </Button>
      </SimpleGrid>
    </Stack>
  );
}

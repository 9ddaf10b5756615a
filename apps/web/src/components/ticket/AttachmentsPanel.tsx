import type { Attachment } from '@desk/contracts';
import {
  ActionIcon,
  Badge,
  Checkbox,
  Group,
  Image,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { notify } from '../../lib/notify';
import { IconDownload, IconLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile } from '../../api/client';
import { useAttachmentBlobUrl } from '../../api/deskTools';
import { uploadAttachment } from '../../api/upload';
import { formatDateTime, useTimeZone } from '../../lib/dates';
import { problemMessage } from '../../lib/problem';
import { FilePicker, fileProblem, formatBytes, type PickedFile } from '../FilePicker';

const PREVIEWABLE = /^image\/(png|jpe?g|gif|webp)$/;

/** A thumbnail of an image attachment, loaded with the bearer token; a click downloads it. */
function ImagePreview({ ticketId, a, onOpen }: { ticketId: string; a: Attachment; onOpen: () => void }) {
  const { t } = useTranslation();
  const url = useAttachmentBlobUrl(ticketId, a.id, true);
  if (!url.data) return null;
  return (
    // Named apart from the row's download button, which carries "Unduh <file>".
    <UnstyledButton onClick={onOpen} aria-label={t('tools.previewOpen', { name: a.fileName })}>
      <Image
        src={url.data}
        alt={t('tools.preview', { name: a.fileName })}
        mah={160}
        maw="100%"
        fit="contain"
        radius="sm"
        data-testid="attachment-preview"
      />
    </UnstyledButton>
  );
}

export function AttachmentsPanel({
  ticketId,
  attachments,
  canUpload,
  agent,
}: {
  ticketId: string;
  attachments: Attachment[];
  canUpload: boolean;
  agent: boolean;
}) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const qc = useQueryClient();
  const [uploads, setUploads] = useState<PickedFile[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [internal, setInternal] = useState(false);

  async function add(files: File[]) {
    const problems: string[] = [];
    const ok = files.filter((f) => {
      const p = fileProblem(f, t);
      if (p) problems.push(p);
      return !p;
    });
    setErrors(problems);
    const start = uploads.length;
    setUploads((u) => [...u, ...ok.map((file) => ({ file, progress: 0, state: 'uploading' as const }))]);
    await Promise.all(
      ok.map(async (file, k) => {
        const i = start + k;
        try {
          await uploadAttachment(ticketId, file, {
            internal,
            onProgress: (p) => setUploads((u) => u.map((x, j) => (j === i ? { ...x, progress: p } : x))),
          });
          setUploads((u) => u.map((x, j) => (j === i ? { ...x, state: 'done', progress: 1 } : x)));
        } catch (error) {
          setUploads((u) =>
            u.map((x, j) => (j === i ? { ...x, state: 'failed', error: problemMessage(error, t) } : x)),
          );
        }
      }),
    );
    await qc.invalidateQueries({ queryKey: ['ticket', ticketId] });
    setUploads((u) => u.filter((x) => x.state !== 'done'));
  }

  async function download(a: Attachment) {
    try {
      await downloadFile(`/tickets/${ticketId}/attachments/${a.id}`, a.fileName);
    } catch (error) {
      notify(problemMessage(error, t), 'red');
    }
  }

  return (
    <Stack gap="xs">
      {attachments.length === 0 && !uploads.length && (
        <Text size="sm" c="dimmed">
          {t('ticket.noAttachments')}
        </Text>
      )}
      {attachments.map((a) => (
        <Stack key={a.id} gap={4}>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Stack gap={0} miw={0} style={{ flex: 1 }}>
              <Group gap={6} wrap="nowrap">
                <Text size="sm" truncate>
                  {a.fileName}
                </Text>
                {a.internal && (
                  <Badge
                    size="xs"
                    color="yellow.4"
                    autoContrast
                    leftSection={<IconLock size={10} aria-hidden />}
                  >
                    {t('ticket.internal')}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed" truncate>
                {formatBytes(a.sizeBytes)} · {a.uploader.name} · {formatDateTime(a.createdAt, tz)}
              </Text>
            </Stack>
            <Tooltip label={t('common.download')}>
              <ActionIcon
                variant="light"
                onClick={() => void download(a)}
                aria-label={`${t('common.download')} ${a.fileName}`}
              >
                <IconDownload size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
          {PREVIEWABLE.test(a.contentType) && (
            <ImagePreview ticketId={ticketId} a={a} onOpen={() => void download(a)} />
          )}
        </Stack>
      ))}
      {canUpload && (
        <Stack gap={6} mt="xs">
          {agent && (
            <Checkbox
              size="xs"
              label={t('ticket.uploadInternal')}
              checked={internal}
              onChange={(e) => setInternal(e.currentTarget.checked)}
            />
          )}
          <FilePicker files={uploads} onAdd={(f) => void add(f)} errors={errors} />
        </Stack>
      )}
    </Stack>
  );
}

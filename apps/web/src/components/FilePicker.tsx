import { LIMITS } from '@desk/contracts';
import { ActionIcon, Button, FileButton, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { IconCheck, IconPaperclip, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Checks a file against the api's limits (size and extension) before any byte is sent. */
export function fileProblem(
  file: File,
  t: (key: 'report.fileTooLarge' | 'report.fileTypeNotAllowed', o: { name: string }) => string,
): string | null {
  if (file.size > LIMITS.attachmentMaxBytes) return t('report.fileTooLarge', { name: file.name });
  const dot = file.name.lastIndexOf('.');
  const ext = dot >= 0 ? file.name.slice(dot).toLowerCase() : '';
  if (!(LIMITS.attachmentExtensions as readonly string[]).includes(ext))
    return t('report.fileTypeNotAllowed', { name: file.name });
  return null;
}

export interface PickedFile {
  file: File;
  /** 0..1 while uploading, 1 when done. */
  progress: number | null;
  state: 'waiting' | 'uploading' | 'done' | 'failed';
  error?: string;
}

/** Choose files (camera and gallery on phones), listed with size, progress and a remove button. */
export function FilePicker({
  files,
  onAdd,
  onRemove,
  disabled,
  errors,
  listOnly,
}: {
  files: PickedFile[];
  onAdd: (files: File[]) => void;
  onRemove?: (index: number) => void;
  disabled?: boolean;
  errors?: string[];
  /** Only the list (the receipt shows uploads in progress). */
  listOnly?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      {!listOnly && (
        <Group gap="xs">
          <FileButton
            onChange={onAdd}
            multiple
            accept={LIMITS.attachmentExtensions.join(',')}
            disabled={disabled}
          >
            {(props) => (
              <Button
                {...props}
                variant="default"
                leftSection={<IconPaperclip size={16} aria-hidden />}
                disabled={disabled}
              >
                {t('report.addFiles')}
              </Button>
            )}
          </FileButton>
          <Text size="xs" c="dimmed">
            {t('report.attachmentsHint')}
          </Text>
        </Group>
      )}
      {errors?.map((e) => (
        <Text key={e} size="sm" c="red.8" role="alert">
          {e}
        </Text>
      ))}
      {files.map((f, i) => (
        <Paper key={`${f.file.name}-${i}`} withBorder p="xs" radius="sm">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Stack gap={2} miw={0} style={{ flex: 1 }}>
              <Text size="sm" truncate>
                {f.file.name}
              </Text>
              <Text size="xs" c="dimmed">
                {formatBytes(f.file.size)}
                {f.state === 'done' && ` · ${t('report.uploadDone')}`}
                {f.state === 'failed' && ` · ${t('report.uploadFailed')}${f.error ? `: ${f.error}` : ''}`}
              </Text>
              {f.progress !== null && f.state !== 'failed' && (
                <Progress
                  value={f.progress * 100}
                  size="sm"
                  color={f.state === 'done' ? 'green.7' : 'desk'}
                  aria-label={`${f.file.name} ${Math.round(f.progress * 100)}%`}
                  animated={f.state === 'uploading'}
                />
              )}
            </Stack>
            {f.state === 'done' ? (
              <IconCheck size={18} color="var(--mantine-color-green-8)" aria-hidden />
            ) : (
              onRemove && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  onClick={() => onRemove(i)}
                  aria-label={t('report.removeFile', { name: f.file.name })}
                  disabled={disabled}
                >
                  <IconX size={16} />
                </ActionIcon>
              )
            )}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

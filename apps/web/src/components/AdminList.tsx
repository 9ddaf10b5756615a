import 'mantine-datatable/styles.layer.css';
import { Button, Group, Modal, Stack, Text, type ModalProps } from '@mantine/core';
import { IconEdit, IconPlus } from '@tabler/icons-react';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from './States';

/**
 * An administration list (units, teams, categories, users, SLA policies): its heading with the
 * "new" button, optional filters or a note, and the table with the desk's defaults. A failed load
 * shows in place of the table, with a retry.
 */
export function AdminList<T>({
  title,
  newLabel,
  onNew,
  children,
  records,
  fetching,
  error,
  onRetry,
  columns,
  testId,
}: {
  title: string;
  newLabel: string;
  onNew: () => void;
  children?: ReactNode;
  records: T[] | undefined;
  fetching: boolean;
  error?: unknown;
  onRetry: () => void;
  columns: DataTableColumn<T>[];
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text fw={600} size="lg" component="h2">
          {title}
        </Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onNew}>
          {newLabel}
        </Button>
      </Group>
      {children}
      {error ? (
        <ErrorState error={error} onRetry={onRetry} />
      ) : (
        <DataTable<T>
          withTableBorder
          borderRadius="md"
          striped
          minHeight={160}
          fetching={fetching}
          records={records ?? []}
          noRecordsText={t('common.emptyTitle')}
          columns={columns}
          data-testid={testId}
        />
      )}
    </Stack>
  );
}

/** The edit button of a row, named after the row for screen readers ("Ubah Dinas Kesehatan"). */
export function EditButton({ name, onClick }: { name: string; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button
      size="compact-sm"
      variant="subtle"
      leftSection={<IconEdit size={14} aria-hidden />}
      onClick={onClick}
      aria-label={`${t('common.edit')} ${name}`}
    >
      {t('common.edit')}
    </Button>
  );
}

/** A centred form dialog whose content mounts only while open (a fresh form each time). */
export function FormDialog({
  opened,
  onClose,
  title,
  size,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  size?: ModalProps['size'];
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size={size}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && children}
    </Modal>
  );
}

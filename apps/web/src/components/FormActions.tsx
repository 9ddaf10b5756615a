import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A form's footer: cancel and the submit button (Simpan unless told otherwise). */
export function FormActions({
  onCancel,
  loading,
  submitLabel,
  color,
  cancelDisabled,
}: {
  onCancel: () => void;
  loading?: boolean;
  submitLabel?: string;
  color?: string;
  /** E.g. nothing to undo yet. */
  cancelDisabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" gap="xs">
      <Button variant="default" onClick={onCancel} disabled={cancelDisabled}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={loading} color={color}>
        {submitLabel ?? t('common.save')}
      </Button>
    </Group>
  );
}

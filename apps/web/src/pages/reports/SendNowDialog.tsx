import type { SendNowPeriod, SendNowPeriodName } from '@desk/contracts';
import { Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** "Send now": says which period goes out and lets the sender pick the last complete one or the current one so far. */
export function SendNowDialog({
  opened,
  name,
  periods,
  onClose,
  onSend,
}: {
  opened: boolean;
  name: string;
  periods: SendNowPeriod[];
  onClose: () => void;
  onSend: (period: SendNowPeriodName) => void;
}) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<SendNowPeriodName>('previous');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('subs.sendNowTitle', { name })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="send-now-dialog"
    >
      <Stack gap="md">
        <Radio.Group
          value={period}
          onChange={(v) => setPeriod(v as SendNowPeriodName)}
          label={t('subs.sendNowPick')}
        >
          <Stack gap="xs" mt="xs">
            {periods.map((p) => (
              <Radio
                key={p.period}
                value={p.period}
                label={p.label}
                description={t(`subs.sendNowPeriod.${p.period}`)}
                data-testid={`send-now-${p.period}`}
              />
            ))}
          </Stack>
        </Radio.Group>
        <Text size="sm">
          {t('subs.sendNowWhich', { period: periods.find((p) => p.period === period)?.label ?? '' })}
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => onSend(period)} data-testid="send-now-confirm">
            {t('subs.sendNow')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

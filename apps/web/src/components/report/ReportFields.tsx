import { Alert, Button, Group, Radio, Stack, Text } from '@mantine/core';
import { IconShieldExclamation } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useIncidentT } from '../../i18n/useIncidentT';

/** Impact or urgency: three cards, each saying in plain words what the level means. */
export function LevelChoice({
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

/** Offered when the chosen category is about information security: say why, and link the incident form. */
export function SecurityIncidentHint() {
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

import { INDICATOR_TYPES, type IncidentDetailView, type IndicatorTypeName } from '@desk/contracts';
import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useIncidentT } from '../../i18n/useIncidentT';
import { Section, type RunIncidentAction } from './IncidentSection';

/** The indicators of compromise; CSIRT adds and removes them. */
export function IncidentIndicators({
  incident,
  editable,
  run,
}: {
  incident: IncidentDetailView;
  editable: boolean;
  run: RunIncidentAction;
}) {
  const { ti } = useIncidentT();
  const [indicatorType, setIndicatorType] = useState<IndicatorTypeName>('ipv4');
  const [indicatorValue, setIndicatorValue] = useState('');
  return (
    <Section title={ti('indicators')} testId="indicators">
      {incident.indicators.length === 0 && (
        <Text size="sm" c="dimmed">
          {ti('noIndicators')}
        </Text>
      )}
      <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {incident.indicators.map((ind) => (
          <Group key={ind.id} component="li" gap="xs" wrap="nowrap" justify="space-between">
            <Text size="sm" style={{ wordBreak: 'break-all' }}>
              <Text span fw={600}>
                {ind.type}
              </Text>{' '}
              {ind.value}
            </Text>
            {editable && (
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={ti('removeIndicator', { value: ind.value })}
                onClick={() => run({ path: `/indicators/${ind.id}`, method: 'DELETE' })}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            )}
          </Group>
        ))}
      </Stack>
      {editable && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            run({ path: '/indicators', body: { type: indicatorType, value: indicatorValue.trim() } }, () =>
              setIndicatorValue(''),
            );
          }}
        >
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <Select
              label={ti('indicatorType')}
              data={INDICATOR_TYPES.map((x) => ({ value: x, label: x }))}
              value={indicatorType}
              onChange={(v) => v && setIndicatorType(v as IndicatorTypeName)}
              allowDeselect={false}
              w={110}
              data-testid="indicator-type"
            />
            <TextInput
              label={ti('indicatorValue')}
              value={indicatorValue}
              onChange={(e) => setIndicatorValue(e.currentTarget.value)}
              style={{ flex: 1 }}
              data-testid="indicator-value"
            />
            <Button type="submit" variant="light" disabled={!indicatorValue.trim()}>
              {ti('addIndicator')}
            </Button>
          </Group>
        </form>
      )}
    </Section>
  );
}

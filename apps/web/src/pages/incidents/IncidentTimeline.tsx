import type { IncidentTimelineEntry } from '@desk/contracts';
import { Stack, Text } from '@mantine/core';
import { useIncidentT } from '../../i18n/useIncidentT';
import { formatDateTime, useTimeZone } from '../../lib/dates';
import { Section } from './IncidentSection';

/** What happened to the incident, oldest first, in the reader's language. */
export function IncidentTimeline({ entries }: { entries: IncidentTimelineEntry[] }) {
  const { ti } = useIncidentT();
  const tz = useTimeZone();
  return (
    <Section title={ti('timeline')} testId="incident-timeline">
      <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {entries.map((e) => (
          <li key={e.id}>
            <Text size="sm" fw={600}>
              {ti(`actions.${e.action as 'note'}`)}
              {e.action === 'phase_changed' && typeof e.data.to === 'string'
                ? `: ${ti(`phases.${e.data.to as 'triage'}`)}`
                : ''}
              {e.action === 'severity_changed' &&
              typeof e.data.from === 'string' &&
              typeof e.data.to === 'string'
                ? `: ${ti(`severities.${e.data.from as 'low'}`)} → ${ti(`severities.${e.data.to as 'low'}`)}`
                : ''}
              {e.action.startsWith('indicator') && typeof e.data.value === 'string'
                ? `: ${e.data.value}`
                : ''}
            </Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(e.createdAt, tz)}
              {e.actor ? ` · ${e.actor.name}` : ''}
            </Text>
            {e.note && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {e.note}
              </Text>
            )}
          </li>
        ))}
      </Stack>
    </Section>
  );
}

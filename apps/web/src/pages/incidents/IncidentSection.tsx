import { Paper, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A request of the incident page's actions: a path under `/incidents/{id}`, POST unless said. */
export interface IncidentCall {
  path: string;
  method?: 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
}
/** Runs one action; `after` runs once it succeeded. */
export type RunIncidentAction = (call: IncidentCall, after?: () => void) => void;

/** A titled panel of the incident page. */
export function Section({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

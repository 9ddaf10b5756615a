import { Paper, Stack, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/**
 * The end of a report, filed or not: a green icon (a check unless given), a title and what
 * follows, announced to screen readers.
 */
export function DoneCard({
  testId,
  title,
  icon,
  children,
}: {
  testId: string;
  title: string;
  icon?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'xl' }}
      radius="md"
      role="status"
      aria-live="polite"
      data-testid={testId}
    >
      <Stack align="center" ta="center" gap="sm">
        <ThemeIcon color="green.8" size={56} radius="xl" aria-hidden>
          {icon ?? <IconCircleCheck size={34} />}
        </ThemeIcon>
        <Title order={1} size="h3">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

import { Box, Button, Group, Paper, Table, Text, Title, type BoxProps } from '@mantine/core';
import { IconTable } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ChartTable {
  head: string[];
  rows: { key: string; cells: ReactNode[] }[];
}

/**
 * A chart with its heading and, on demand, the same numbers as a table: the chart's text
 * alternative. The table scrolls inside its own box, so a phone's page never scrolls sideways.
 */
export function ChartCard({
  id,
  title,
  description,
  table,
  children,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  table: ChartTable;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [showTable, setShowTable] = useState(false);
  return (
    <Paper
      withBorder
      p={{ base: 'sm', sm: 'md' }}
      radius="md"
      component="figure"
      m={0}
      miw={0}
      aria-labelledby={`${id}-title`}
      data-testid="chart-card"
      data-chart={id}
    >
      <Group justify="space-between" mb="xs" gap="xs" wrap="nowrap" align="flex-start">
        <Title order={3} size="h5" id={`${id}-title`}>
          {title}
        </Title>
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconTable size={14} aria-hidden />}
          onClick={() => setShowTable((v) => !v)}
          aria-expanded={showTable}
          aria-controls={`${id}-table`}
          style={{ flexShrink: 0 }}
        >
          {showTable ? t('common.hideTable') : t('common.showTable')}
        </Button>
      </Group>
      {description && (
        <Text size="xs" c="dimmed" mb="xs">
          {description}
        </Text>
      )}
      {children}
      {showTable && (
        <ScrollBox mt="sm" id={`${id}-table`} label={title}>
          <Table striped withTableBorder fz="sm" miw={table.head.length * 110}>
            <Table.Thead>
              <Table.Tr>
                {table.head.map((h, i) => (
                  <Table.Th key={h} ta={i === 0 ? undefined : 'right'}>
                    {h}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {table.rows.map((row) => (
                <Table.Tr key={row.key}>
                  {row.cells.map((cell, i) => (
                    <Table.Td key={i} ta={i === 0 ? undefined : 'right'}>
                      {cell}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollBox>
      )}
    </Paper>
  );
}

export function StatTile({
  label,
  value,
  hint,
  color,
  testId,
  small,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  color?: string;
  testId?: string;
  /** Longer values (durations) in a smaller size, so they stay on one line. */
  small?: boolean;
}) {
  return (
    <Paper withBorder p="sm" radius="md" miw={0} data-testid={testId}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" lh={1.3}>
        {label}
      </Text>
      <Text
        fz={small ? 18 : { base: 22, sm: 26 }}
        fw={700}
        c={color}
        lh={1.3}
        py={small ? 4 : 0}
        data-testid={testId ? `${testId}-value` : undefined}
      >
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

/**
 * A wide table's own horizontal scroller: the page never scrolls sideways, and a keyboard user can
 * focus the region to scroll it (axe: scrollable-region-focusable).
 */
export function ScrollBox({
  label,
  id,
  children,
  ...props
}: BoxProps & { label: string; id?: string; children: ReactNode }) {
  return (
    <Box
      {...props}
      id={id}
      role="region"
      aria-label={label}
      tabIndex={0}
      style={{ overflowX: 'auto', maxWidth: '100%' }}
    >
      {children}
    </Box>
  );
}

import type { Me, Ticket } from '@desk/contracts';
import { Button, Group, Paper, Text } from '@mantine/core';
import { IconCheck, IconUserCheck, IconX } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBulkAction } from '../api/deskTools';
import { notify } from '../lib/notify';
import { problemMessage } from '../lib/problem';
import { reasonSchema } from '../schemas';
import { BulkProblemAction } from './BulkProblemAction';
import { TextDialog } from './ticket/TextDialog';

/**
 * Bulk actions on the selected tickets of a list: assign to me, close, cancel (with a reason). The
 * api judges each ticket by its own rules; the result says how many went through and why others did not.
 */
export function BulkBar({ selected, me, onDone }: { selected: Ticket[]; me: Me; onDone: () => void }) {
  const { t } = useTranslation();
  const bulk = useBulkAction();
  const [cancelOpen, setCancelOpen] = useState(false);
  const schema = useMemo(() => reasonSchema(t), [t]);
  if (!selected.length) return null;

  async function run(action: string, input?: Record<string, unknown>) {
    try {
      const { results } = await bulk.mutateAsync({ ids: selected.map((s) => s.id), action, input });
      const failed = results.filter((r) => !r.ok);
      notify(
        t('tools.bulkDone', { ok: results.length - failed.length, failed: failed.length }),
        failed.length ? 'red' : 'green',
      );
      for (const f of failed.slice(0, 3)) {
        const number = selected.find((s) => s.id === f.id)?.number ?? f.id;
        notify(t('tools.bulkFailed', { number, detail: f.error?.detail ?? '' }), 'red');
      }
      onDone();
    } catch (error) {
      notify(problemMessage(error, t), 'red');
    }
  }

  const busy = (a: string) => bulk.isPending && bulk.variables?.action === a;
  return (
    <Paper withBorder p="xs" radius="md" data-testid="bulk-bar">
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={500} aria-live="polite">
          {t('tools.selected', { count: selected.length })}
        </Text>
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconUserCheck size={14} aria-hidden />}
            loading={busy('assign')}
            onClick={() => void run('assign', { assigneeId: me.id })}
          >
            {t('tools.bulkAssign')}
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconCheck size={14} aria-hidden />}
            loading={busy('close')}
            onClick={() => void run('close')}
          >
            {t('tools.bulkClose')}
          </Button>
          <Button
            size="xs"
            variant="default"
            color="red"
            leftSection={<IconX size={14} aria-hidden />}
            loading={busy('cancel')}
            onClick={() => setCancelOpen(true)}
          >
            {t('tools.bulkCancel')}
          </Button>
          <BulkProblemAction selected={selected} me={me} onDone={onDone} />
          <Button size="xs" variant="subtle" onClick={onDone}>
            {t('tools.clearSelection')}
          </Button>
        </Group>
      </Group>
      <TextDialog
        opened={cancelOpen}
        onClose={() => setCancelOpen(false)}
        title={t('tools.bulkCancel')}
        field="reason"
        label={t('tools.bulkReason')}
        submitLabel={t('tools.bulkCancel')}
        color="red"
        schema={schema}
        onSubmit={async ({ text }) => {
          await run('cancel', { reason: text });
          setCancelOpen(false);
        }}
      />
    </Paper>
  );
}

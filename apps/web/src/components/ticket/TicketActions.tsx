import type { Me, Ticket } from '@desk/contracts';
import { Button, Group, Modal, Radio, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { FormActions } from '../FormActions';
import { notify } from '../../lib/notify';
import {
  IconArrowBackUp,
  IconArrowUpRight,
  IconCheck,
  IconEdit,
  IconHandGrab,
  IconPlayerPause,
  IconPlayerPlay,
  IconRefresh,
  IconX,
} from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import {
  useCategories,
  useTeams,
  useTicketAction,
  useUpdateTicket,
  type TicketActionBody,
} from '../../api/hooks';
import { problemMessage } from '../../lib/problem';
import { canWork, hasRole } from '../../lib/roles';
import {
  ESCALATION_REASON_MIN,
  escalateSchema,
  reasonSchema,
  resolutionSchema,
  returnSchema,
} from '../../schemas';
import { FormError } from '../States';
import { TextDialog } from './TextDialog';

type Dialog = null | 'pend' | 'resolve' | 'cancel' | 'reopen' | 'escalate' | 'return' | 'edit';
const OPEN = ['new', 'assigned', 'in_progress', 'pending'];

/** Says what happened, or why not in plain words (a 409 reloads the ticket as it is now). */
export function useActionRunner(ticket: Ticket) {
  const { t } = useTranslation();
  const action = useTicketAction(ticket.id);
  const run = async (body: TicketActionBody, opts: { rethrow?: boolean } = {}) => {
    try {
      await action.mutateAsync({ ...body, version: ticket.version } as TicketActionBody);
      notify(t('ticket.actionDone'));
    } catch (error) {
      // In a dialog the error is shown next to its field (or atop the form); elsewhere as a notification.
      if (opts.rethrow) throw error;
      const stale = isApiError(error) && error.status === 409 && error.problem?.currentVersion !== undefined;
      notify(stale ? t('ticket.staleReloaded') : problemMessage(error, t), 'red');
    }
  };
  return { run, pending: action.isPending, variables: action.variables };
}

/** The agent's controls for this ticket, shown only for the transitions docs/domain.md, "Ticket lifecycle" allows from its status. */
export function AgentActions({ ticket, me }: { ticket: Ticket; me: Me }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const [dialog, setDialog] = useState<Dialog>(null);
  const { run, pending, variables } = useActionRunner(ticket);
  const s = ticket.status;
  const mine = ticket.assignee?.id === me.id;
  const busy = (a: string) => pending && variables?.action === a;
  const close = () => setDialog(null);

  const tier1Schema = useMemo(() => reasonSchema(t), [t]);
  const schemas = useMemo(
    () => ({
      reason: tier1Schema,
      resolution: resolutionSchema(t),
      escalate: escalateSchema(t),
      ret: returnSchema(t),
    }),
    [t, tier1Schema],
  );

  if (!canWork(me, ticket)) return null;
  const canEscalate = ticket.tier === 1 && hasRole(me, 'tier1', 'supervisor') && OPEN.includes(s);
  const canReturn = ticket.tier === 2 && hasRole(me, 'tier2', 'supervisor') && OPEN.includes(s);

  return (
    <>
      <Group gap="xs" data-testid="agent-actions">
        {['new', 'assigned'].includes(s) && !mine && (
          <Button
            leftSection={<IconHandGrab size={16} aria-hidden />}
            loading={busy('claim')}
            onClick={() => void run({ action: 'claim' })}
          >
            {t('actions.claim')}
          </Button>
        )}
        {s === 'assigned' && (
          <Button
            variant={mine ? 'filled' : 'default'}
            leftSection={<IconPlayerPlay size={16} aria-hidden />}
            loading={busy('start')}
            onClick={() => void run({ action: 'start' })}
          >
            {t('actions.start')}
          </Button>
        )}
        {s === 'pending' && (
          <Button
            leftSection={<IconPlayerPlay size={16} aria-hidden />}
            loading={busy('resume')}
            onClick={() => void run({ action: 'resume' })}
          >
            {t('actions.resume')}
          </Button>
        )}
        {['assigned', 'in_progress', 'pending'].includes(s) && (
          <Button
            color="ok.8"
            leftSection={<IconCheck size={16} aria-hidden />}
            onClick={() => setDialog('resolve')}
          >
            {t('actions.resolve')}
          </Button>
        )}
        {['assigned', 'in_progress'].includes(s) && (
          <Button
            variant="default"
            leftSection={<IconPlayerPause size={16} aria-hidden />}
            onClick={() => setDialog('pend')}
          >
            {t('actions.pend')}
          </Button>
        )}
        {canEscalate && (
          <Button
            variant="default"
            leftSection={<IconArrowUpRight size={16} aria-hidden />}
            onClick={() => setDialog('escalate')}
          >
            {t('actions.escalate')}
          </Button>
        )}
        {canReturn && (
          <Button
            variant="default"
            leftSection={<IconArrowBackUp size={16} aria-hidden />}
            onClick={() => setDialog('return')}
          >
            {t('actions.return')}
          </Button>
        )}
        {OPEN.includes(s) && (
          <Button
            variant="default"
            leftSection={<IconEdit size={16} aria-hidden />}
            onClick={() => setDialog('edit')}
          >
            {t('actions.edit')}
          </Button>
        )}
        {s === 'resolved' && (
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} aria-hidden />}
            onClick={() => setDialog('reopen')}
          >
            {t('actions.reopen')}
          </Button>
        )}
        {OPEN.includes(s) && (
          <Button
            variant="subtle"
            color="red.8"
            leftSection={<IconX size={16} aria-hidden />}
            onClick={() => setDialog('cancel')}
          >
            {t('actions.cancel')}
          </Button>
        )}
      </Group>

      <TextDialog
        opened={dialog === 'resolve'}
        onClose={close}
        title={`${t('actions.resolve')} · ${ticket.number}`}
        field="resolution"
        label={t('actions.resolution')}
        placeholder={t('actions.resolutionPlaceholder')}
        submitLabel={t('actions.resolve')}
        color="ok.8"
        schema={schemas.resolution}
        onSubmit={({ text }) => run({ action: 'resolve', resolution: text }, { rethrow: true })}
      />
      <TextDialog
        opened={dialog === 'pend'}
        onClose={close}
        title={`${t('actions.pend')} · ${ticket.number}`}
        field="reason"
        label={t('actions.reason')}
        placeholder={t('actions.pendReasonPlaceholder')}
        submitLabel={t('actions.pend')}
        schema={schemas.reason}
        untilChoice={{ label: t('tools.pendUntil'), description: t('tools.pendUntilHint') }}
        onSubmit={({ text, until }) =>
          run({ action: 'pend', reason: text, ...(until ? { until } : {}) }, { rethrow: true })
        }
      />
      <TextDialog
        opened={dialog === 'cancel'}
        onClose={close}
        title={t('actions.confirmCancel')}
        field="reason"
        label={t('actions.reason')}
        placeholder={t('actions.cancelPlaceholder')}
        submitLabel={t('actions.cancel')}
        color="red.8"
        schema={schemas.reason}
        onSubmit={({ text }) => run({ action: 'cancel', reason: text }, { rethrow: true })}
      />
      <TextDialog
        opened={dialog === 'reopen'}
        onClose={close}
        title={`${t('actions.reopen')} · ${ticket.number}`}
        field="reason"
        label={t('actions.reason')}
        placeholder={t('actions.reopenPlaceholder')}
        submitLabel={t('actions.reopen')}
        schema={schemas.reason}
        onSubmit={({ text }) => run({ action: 'reopen', reason: text }, { rethrow: true })}
      />
      <TextDialog
        opened={dialog === 'escalate'}
        onClose={close}
        title={`${t('actions.escalate')} · ${ticket.number}`}
        field="reason"
        label={t('actions.reason')}
        placeholder={t('actions.escalateReasonPlaceholder')}
        submitLabel={t('actions.escalate')}
        schema={schemas.escalate}
        minLength={ESCALATION_REASON_MIN}
        teamChoice={{
          label: t('actions.escalateTeam'),
          description: t('actions.escalateTeamHint'),
          options: (teams.data ?? []).map((team) => ({ value: team.id, label: team.name })),
        }}
        onSubmit={({ text, teamId }) =>
          run({ action: 'escalate', reason: text, ...(teamId ? { teamId } : {}) }, { rethrow: true })
        }
      />
      <TextDialog
        opened={dialog === 'return'}
        onClose={close}
        title={`${t('actions.return')} · ${ticket.number}`}
        field="notes"
        label={t('actions.returnNotes')}
        submitLabel={t('actions.return')}
        schema={schemas.ret}
        onSubmit={({ text }) => run({ action: 'return', notes: text }, { rethrow: true })}
      />
      <Modal
        opened={dialog === 'edit'}
        onClose={close}
        title={`${t('actions.edit')} · ${ticket.number}`}
        centered
        size="lg"
      >
        {dialog === 'edit' && <EditClassification ticket={ticket} onDone={close} />}
      </Modal>
    </>
  );
}

/** Category, impact and urgency (the api recomputes priority and due times). */
function EditClassification({ ticket, onDone }: { ticket: Ticket; onDone: () => void }) {
  const { t } = useTranslation();
  const categories = useCategories();
  const update = useUpdateTicket(ticket.id);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      categoryId: ticket.category?.id ?? null,
      impact: String(ticket.impact),
      urgency: String(ticket.urgency),
    },
  });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      await update.mutateAsync({
        categoryId: v.categoryId,
        impact: Number(v.impact),
        urgency: Number(v.urgency),
        version: ticket.version,
      });
      notify(t('ticket.actionDone'));
      onDone();
    } catch (e) {
      setError(isApiError(e) && e.status === 409 ? t('ticket.staleReloaded') : problemMessage(e, t));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError message={error} />
        <Select
          label={t('ticket.category')}
          data={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          searchable
          clearable
          {...form.getInputProps('categoryId')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {(['impact', 'urgency'] as const).map((name) => (
            <Radio.Group key={name} label={t(`${name}.label`)} {...form.getInputProps(name)}>
              <Stack gap={6} mt={6}>
                {(['1', '2', '3'] as const).map((level) => (
                  <Radio key={level} value={level} label={<Text size="sm">{t(`${name}.${level}`)}</Text>} />
                ))}
              </Stack>
            </Radio.Group>
          ))}
        </SimpleGrid>
        <FormActions onCancel={onDone} loading={update.isPending} />
      </Stack>
    </form>
  );
}

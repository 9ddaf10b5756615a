import type { Ticket } from '@desk/contracts';
import { Alert, Button, Group, Paper, Rating, Stack, Text, Textarea, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { IconCircleCheck, IconRefresh, IconX } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRate } from '../../api/hooks';
import { formatDateTime, useTimeZone } from '../../lib/dates';
import { applyProblemToForm } from '../../lib/problem';
import { useNow } from '../../lib/useNow';
import { ratingSchema, reasonSchema } from '../../schemas';
import { FormError } from '../States';
import { TextDialog } from './TextDialog';
import { useActionRunner } from './TicketActions';

const OPEN = ['new', 'assigned', 'in_progress', 'pending'];

/** What the person who filed the ticket can do: confirm or reopen a resolution, rate it, cancel an open ticket. */
export function RequesterPanel({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const now = useNow(30_000);
  const { run, pending, variables } = useActionRunner(ticket);
  const [dialog, setDialog] = useState<null | 'reopen' | 'cancel'>(null);
  const schema = useMemo(() => reasonSchema(t), [t]);
  const withinWindow =
    ticket.status === 'resolved' && (!ticket.autoCloseAt || Date.parse(ticket.autoCloseAt) > now);

  return (
    <Stack gap="sm">
      {ticket.status === 'resolved' && withinWindow && (
        <Alert color="desk" variant="light" title={t('ticket.requesterActions.confirmTitle')}>
          <Stack gap="xs">
            <Text size="sm">{t('ticket.requesterActions.confirmText')}</Text>
            {ticket.autoCloseAt && (
              <Text size="xs" c="dimmed">
                {t('ticket.autoCloseAt', { when: formatDateTime(ticket.autoCloseAt, tz) })}
              </Text>
            )}
            <Group gap="xs">
              <Button
                color="ok.8"
                leftSection={<IconCircleCheck size={16} aria-hidden />}
                loading={pending && variables?.action === 'close'}
                onClick={() => void run({ action: 'close' })}
              >
                {t('actions.close')}
              </Button>
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} aria-hidden />}
                onClick={() => setDialog('reopen')}
              >
                {t('actions.reopen')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      {(ticket.status === 'resolved' || ticket.status === 'closed') && <RatingBox ticket={ticket} />}
      {OPEN.includes(ticket.status) && (
        <Group>
          <Button
            variant="subtle"
            color="red.9"
            c="red.9"
            size="xs"
            leftSection={<IconX size={14} aria-hidden />}
            onClick={() => setDialog('cancel')}
          >
            {t('actions.cancel')}
          </Button>
        </Group>
      )}
      <TextDialog
        opened={dialog === 'reopen'}
        onClose={() => setDialog(null)}
        title={`${t('actions.reopen')} · ${ticket.number}`}
        field="reason"
        label={t('actions.reason')}
        placeholder={t('actions.reopenPlaceholder')}
        submitLabel={t('actions.reopen')}
        schema={schema}
        onSubmit={({ text }) => run({ action: 'reopen', reason: text }, { rethrow: true })}
      />
      <TextDialog
        opened={dialog === 'cancel'}
        onClose={() => setDialog(null)}
        title={t('actions.confirmCancel')}
        field="reason"
        label={t('actions.reason')}
        placeholder={t('actions.cancelPlaceholder')}
        submitLabel={t('actions.cancel')}
        color="red.8"
        schema={schema}
        onSubmit={({ text }) => run({ action: 'cancel', reason: text }, { rethrow: true })}
      />
    </Stack>
  );
}

function RatingBox({ ticket }: { ticket: Ticket }) {
  const { t, i18n } = useTranslation();
  const rate = useRate(ticket.id);
  const schema = useMemo(() => ratingSchema(t), [t]);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { score: 0, comment: '' },
    validate: schemaResolver(schema, { sync: true }),
  });

  if (ticket.rating) {
    return (
      <Paper withBorder p="sm" radius="md" data-testid="rating-given">
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('ticket.rating.given')}
          </Text>
          <Group gap="xs">
            <Rating value={ticket.rating.score} readOnly />
            <Text size="sm">{t('ticket.rating.stars', { count: ticket.rating.score })}</Text>
          </Group>
          {ticket.rating.comment && (
            <Text size="sm" className="pre-wrap">
              {ticket.rating.comment}
            </Text>
          )}
        </Stack>
      </Paper>
    );
  }

  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await rate.mutateAsync({
        score: values.score,
        ...(values.comment.trim() ? { comment: values.comment.trim() } : {}),
      });
    } catch (error) {
      setFormError(applyProblemToForm(form, error, t, i18n.language, ['score', 'comment']));
    }
  });

  return (
    <Paper withBorder p="sm" radius="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Title order={2} size="h5" id="rating-title">
            {t('ticket.rating.title')}
          </Title>
          <FormError message={formError} />
          <div role="group" aria-labelledby="rating-title">
            <Rating
              size="lg"
              value={form.values.score}
              onChange={(v) => form.setFieldValue('score', v)}
              getSymbolLabel={(i) => t('ticket.rating.stars', { count: i })}
              data-testid="rating-input"
            />
            {form.errors.score && (
              <Text size="xs" c="red.8" mt={4} role="alert">
                {form.errors.score}
              </Text>
            )}
          </div>
          <Textarea
            label={t('ticket.rating.comment')}
            autosize
            minRows={2}
            {...form.getInputProps('comment')}
          />
          <Group>
            <Button type="submit" loading={rate.isPending}>
              {t('ticket.rating.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

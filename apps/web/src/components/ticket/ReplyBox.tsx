import { Button, Group, Paper, SegmentedControl, Stack, Textarea } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { notify } from '../../lib/notify';
import { IconSend } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddComment } from '../../api/hooks';
import { applyProblemToForm } from '../../lib/problem';
import { commentSchema } from '../../schemas';
import { ArticleLinkPicker } from '../kb/TicketKnowledge';
import { FormError } from '../States';

/** A public reply, or for agents an internal note (visibly different: yellow, with a lock). */
export function ReplyBox({ ticketId, agent }: { ticketId: string; agent: boolean }) {
  const { t, i18n } = useTranslation();
  const add = useAddComment(ticketId);
  const schema = useMemo(() => commentSchema(t), [t]);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { body: '', internal: false },
    validate: schemaResolver(schema, { sync: true }),
  });
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await add.mutateAsync({ body: values.body.trim(), internal: values.internal });
      form.setFieldValue('body', '');
      form.resetTouched();
      notify(t('ticket.sent'));
    } catch (error) {
      setFormError(applyProblemToForm(form, error, t, i18n.language, ['body', 'internal']));
    }
  });
  const internal = form.values.internal;
  return (
    <Paper withBorder p="sm" radius="md" bg={internal ? 'yellow.0' : undefined}>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          {agent && (
            <SegmentedControl
              size="xs"
              aria-label={t('ticket.reply')}
              value={internal ? 'internal' : 'public'}
              onChange={(v) => form.setFieldValue('internal', v === 'internal')}
              data={[
                { value: 'public', label: t('ticket.replyPublic') },
                { value: 'internal', label: t('ticket.replyInternal') },
              ]}
            />
          )}
          <FormError message={formError} />
          <Textarea
            label={agent ? t('ticket.message') : t('ticket.reply')}
            placeholder={internal ? t('ticket.notePlaceholder') : t('ticket.replyPlaceholder')}
            autosize
            minRows={2}
            maxRows={10}
            {...form.getInputProps('body')}
          />
          <Group justify={agent ? 'space-between' : 'flex-end'} gap="xs">
            {agent && (
              <ArticleLinkPicker
                ticketId={ticketId}
                onInsert={(text) => {
                  const body = form.values.body.trimEnd();
                  form.setFieldValue('body', body ? `${body}\n${text}` : text);
                }}
              />
            )}
            <Button
              type="submit"
              loading={add.isPending}
              leftSection={<IconSend size={16} aria-hidden />}
              color={internal ? 'yellow.4' : undefined}
              autoContrast
            >
              {t('ticket.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

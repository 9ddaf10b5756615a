import { Button, Group, Paper, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { schemaResolver, useForm } from '@mantine/form';
import { notify } from '../../lib/notify';
import { IconSend } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReplyTemplates } from '../../api/deskTools';
import { useAddComment } from '../../api/hooks';
import { uploadAttachment } from '../../api/upload';
import { problemMessage } from '../../lib/problem';
import { applyProblemToForm } from '../../lib/problem';
import { commentSchema } from '../../schemas';
import { ArticleLinkPicker } from '../kb/TicketKnowledge';
import { FormError } from '../States';

/** A public reply, or for agents an internal note (visibly different: yellow, with a lock). */
export function ReplyBox({ ticketId, agent }: { ticketId: string; agent: boolean }) {
  const { t, i18n } = useTranslation();
  const add = useAddComment(ticketId);
  const qc = useQueryClient();
  const templates = useReplyTemplates(ticketId, agent);
  const [template, setTemplate] = useState<string | null>(null);
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

  function pickTemplate(id: string | null) {
    setTemplate(id);
    const picked = templates.data?.find((x) => x.id === id);
    if (picked) form.setFieldValue('body', picked.rendered ?? picked.body);
  }

  /** A pasted screenshot becomes an attachment of the ticket (internal with an internal note). */
  async function paste(e: React.ClipboardEvent) {
    const files = Array.from(e.clipboardData.files).filter((f) => f.type.startsWith('image/'));
    if (!files.length) return;
    e.preventDefault();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    try {
      for (const [i, f] of files.entries()) {
        const ext = f.type === 'image/jpeg' ? 'jpg' : (f.type.split('/')[1] ?? 'png');
        const named = new File([f], `tangkapan-layar-${stamp}${i ? `-${i}` : ''}.${ext}`, { type: f.type });
        await uploadAttachment(ticketId, named, { internal });
      }
      await qc.invalidateQueries({ queryKey: ['ticket', ticketId] });
      notify(t('tools.pasted'));
    } catch (error) {
      notify(problemMessage(error, t), 'red');
    }
  }
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
          {agent && (templates.data?.length ?? 0) > 0 && (
            <Select
              size="xs"
              label={t('tools.template')}
              placeholder={t('tools.templatePlaceholder')}
              data={(templates.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
              value={template}
              onChange={pickTemplate}
              searchable
              clearable
              data-testid="template-select"
            />
          )}
          <Textarea
            label={agent ? t('ticket.message') : t('ticket.reply')}
            placeholder={internal ? t('ticket.notePlaceholder') : t('ticket.replyPlaceholder')}
            autosize
            minRows={2}
            maxRows={10}
            onPaste={(e) => void paste(e)}
            {...form.getInputProps('body')}
          />
          <Text size="xs" c="dimmed">
            {t('tools.pasteHint')}
          </Text>

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

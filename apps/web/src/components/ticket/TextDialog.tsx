import { LIMITS } from '@desk/contracts';
import dayjs from 'dayjs';
import { Modal, Select, Stack, Textarea } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { FormActions } from '../FormActions';
import { DateTimeInput } from '../LazyDateFields';
import { FormError } from '../States';
import { isCompleteLocal } from '../../lib/local-moment';
import { applyProblemToForm } from '../../lib/problem';

export interface TextDialogProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** The api's field name for the text (reason, resolution, notes). */
  field: 'reason' | 'resolution' | 'notes';
  label: string;
  placeholder?: string;
  submitLabel: string;
  color?: string;
  schema: z.ZodType;
  /** Shown under the field before sending, with a live count; every reason needs LIMITS.reasonMin. */
  minLength?: number;
  /** An optional team choice (escalation). */
  teamChoice?: { label: string; description?: string; options: { value: string; label: string }[] };
  /** An optional "resume automatically at" time (pend). */
  untilChoice?: { label: string; description?: string };
  onSubmit: (values: { text: string; teamId: string | null; until?: string }) => Promise<unknown>;
}

/** A modal with one text field (and optionally a team), used for pend, resolve, cancel, reopen, escalate and return. */
export function TextDialog(props: TextDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {props.opened && <TextDialogForm {...props} />}
    </Modal>
  );
}

function TextDialogForm({
  field,
  label,
  placeholder,
  submitLabel,
  color,
  schema,
  teamChoice,
  untilChoice,
  minLength = LIMITS.reasonMin,
  onSubmit,
  onClose,
}: TextDialogProps) {
  const { t, i18n } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Record<string, string | null>>({
    mode: 'controlled',
    initialValues: { [field]: '', teamId: null, until: '' },
    validate: schemaResolver(schema, { sync: true }),
  });
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    if (values.until && !isCompleteLocal(values.until)) {
      form.setFieldError('until', t('common.dateTimeIncomplete'));
      return;
    }
    try {
      // `YYYY-MM-DDTHH:mm` in the browser's (the region's) time; the api takes an ISO instant.
      const until = values.until ? new Date(values.until).toISOString() : undefined;
      await onSubmit({ text: String(values[field] ?? '').trim(), teamId: values.teamId ?? null, until });
      onClose();
    } catch (error) {
      setFormError(applyProblemToForm(form, error, t, i18n.language, [field, 'teamId', 'until']));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError message={formError} />
        {teamChoice && (
          <Select
            label={teamChoice.label}
            description={teamChoice.description}
            data={teamChoice.options}
            clearable
            {...form.getInputProps('teamId')}
          />
        )}
        <Textarea
          label={label}
          placeholder={placeholder}
          required
          autosize
          minRows={3}
          maxRows={10}
          description={
            minLength
              ? t('actions.minChars', {
                  min: minLength,
                  written: String(form.values[field] ?? '').trim().length,
                })
              : undefined
          }
          data-autofocus
          {...form.getInputProps(field)}
        />
        {untilChoice && (
          <DateTimeInput
            label={untilChoice.label}
            description={untilChoice.description}
            data-testid="pend-until"
            minDate={dayjs().format('YYYY-MM-DD')}
            value={String(form.values.until ?? '')}
            onChange={(v) => form.setFieldValue('until', v)}
            error={form.errors.until}
          />
        )}
        <FormActions onCancel={onClose} loading={form.submitting} submitLabel={submitLabel} color={color} />
      </Stack>
    </form>
  );
}

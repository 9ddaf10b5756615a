import type { Me } from '@desk/contracts';
import { Button, Group, Paper, SimpleGrid, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import { notify } from '../lib/notify';
import { applyProblemToForm } from '../lib/problem';
import { FormError } from './States';

/** The signed-in user's phone and location (room, floor), shown to the agents on their tickets. */
export function ContactForm({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      phone: me.phone ?? '',
      locationRoom: me.locationRoom ?? '',
      locationFloor: me.locationFloor ?? '',
    },
  });
  const save = useMutation({
    mutationFn: (body: typeof form.values) => request<Me>('/users/me/contact', { method: 'PATCH', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['me'] }),
  });
  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await save.mutateAsync(values);
      notify(t('tools.contactSaved'));
    } catch (error) {
      setFormError(
        applyProblemToForm(form, error, t, i18n.language, ['phone', 'locationRoom', 'locationFloor']),
      );
    }
  });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="profile-contact">
      <Title order={2} size="h5" mb={4} id="profile-contact">
        {t('tools.contactTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('tools.contactText')}
      </Text>
      <form onSubmit={submit} noValidate>
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t('tools.phone')}
            type="tel"
            autoComplete="tel"
            maxLength={30}
            {...form.getInputProps('phone')}
          />
          <TextInput label={t('tools.room')} maxLength={100} {...form.getInputProps('locationRoom')} />
          <TextInput label={t('tools.floor')} maxLength={30} {...form.getInputProps('locationFloor')} />
        </SimpleGrid>
        <Group justify="flex-end" mt="sm">
          <Button type="submit" loading={save.isPending} data-testid="contact-save">
            {t('tools.save')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}

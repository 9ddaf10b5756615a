import { Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import { useAuth, useMeRequired } from '../auth/AuthContext';
import { PasswordField } from '../components/PasswordField';
import { FormError } from '../components/States';
import { notify } from '../lib/notify';
import { newPasswordRules } from '../lib/password';
import { applyProblemToForm } from '../lib/problem';

/**
 * "Ubah kata sandi" on the profile. The change ends every earlier session, this one too, so the
 * page signs in again with the new password at once.
 */
export function ChangePasswordSection() {
  const { t, i18n } = useTranslation();
  const me = useMeRequired();
  const { login } = useAuth();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { currentPassword: '', newPassword: '', repeat: '' },
    validate: {
      currentPassword: (v: string) => (v ? null : t('errors.field.required')),
      ...newPasswordRules(t),
    },
  });
  const submit = form.onSubmit(async ({ currentPassword, newPassword }) => {
    setFormError(null);
    try {
      await request('/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
    } catch (error) {
      setFormError(applyProblemToForm(form, error, t, i18n.language, ['currentPassword', 'newPassword']));
      return;
    }
    await login(me.email, newPassword).catch(() => undefined);
    form.reset();
    notify(t('password.changed'));
  });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="profile-password">
      <Title order={2} size="h5" mb={4} id="profile-password">
        {t('password.changeTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('password.rules')}
      </Text>
      <form onSubmit={submit} noValidate data-testid="change-password">
        <Stack gap="sm">
          <FormError message={formError} />
          <PasswordField
            label={t('password.current')}
            autoComplete="current-password"
            required
            {...form.getInputProps('currentPassword')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <PasswordField
              label={t('password.new')}
              autoComplete="new-password"
              required
              {...form.getInputProps('newPassword')}
            />
            <PasswordField
              label={t('password.repeat')}
              autoComplete="new-password"
              required
              {...form.getInputProps('repeat')}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" loading={form.submitting}>
              {t('password.changeTitle')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

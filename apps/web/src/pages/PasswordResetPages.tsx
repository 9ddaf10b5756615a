import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { request } from '../api/client';
import { PasswordField } from '../components/PasswordField';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { FormError } from '../components/States';
import { newPasswordRules } from '../lib/password';
import { applyProblemToForm } from '../lib/problem';

/** The frame of the signed-out pages (as the sign-in page). */
function SignedOutFrame({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Box mih="100dvh" bg="gray.0" py={{ base: 'md', sm: 60 }} px="sm">
      <Center>
        <Stack w="100%" maw={420} gap="md">
          <Group justify="space-between">
            <Group gap={8}>
              <Box component="img" src="/favicon.svg" alt="" w={32} h={32} />
              <Text fw={700}>{t('app.name')}</Text>
            </Group>
            <LanguageSwitch />
          </Group>
          <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md" component="main">
            <Stack gap="md">
              <div>
                <Title order={1} size="h3">
                  {title}
                </Title>
                <Text c="dimmed" size="sm" mt={4}>
                  {subtitle}
                </Text>
              </div>
              {children}
            </Stack>
          </Paper>
          <Anchor component={RouterLink} to="/login" size="sm" ta="center">
            {t('password.backToLogin')}
          </Anchor>
        </Stack>
      </Center>
    </Box>
  );
}

/** `/forgot-password`: asks for a reset link; says the same whether or not the email has an account. */
export function ForgotPasswordPage() {
  const { t, i18n } = useTranslation();
  const [sent, setSent] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '' },
    validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('errors.field.email')) },
  });
  const submit = form.onSubmit(async ({ email }) => {
    setFormError(null);
    try {
      await request('/auth/password-reset', { method: 'POST', body: { email: email.trim() } });
      setSent(true);
    } catch (error) {
      setFormError(applyProblemToForm(form, error, t, i18n.language, ['email']));
    }
  });
  return (
    <SignedOutFrame title={t('password.forgotTitle')} subtitle={t('password.forgotText')}>
      {sent ? (
        <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} data-testid="reset-sent">
          {t('password.forgotSent')}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <FormError message={formError} />
            <TextInput
              label={t('auth.email')}
              placeholder={t('auth.emailPlaceholder')}
              type="email"
              autoComplete="username"
              inputMode="email"
              required
              {...form.getInputProps('email')}
            />
            <Button type="submit" loading={form.submitting} fullWidth size="md">
              {t('password.sendLink')}
            </Button>
          </Stack>
        </form>
      )}
    </SignedOutFrame>
  );
}

/** `/reset-password?token=...`: the page of the mailed link. */
export function ResetPasswordPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [done, setDone] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { newPassword: '', repeat: '' },
    validate: newPasswordRules(t),
  });
  const submit = form.onSubmit(async ({ newPassword }) => {
    setFormError(null);
    try {
      await request('/auth/password-reset/confirm', { method: 'POST', body: { token, newPassword } });
      setDone(true);
    } catch (error) {
      const message = applyProblemToForm(form, error, t, i18n.language, ['newPassword'], {});
      setFormError(message?.startsWith('token') ? t('password.linkInvalid') : message);
    }
  });
  return (
    <SignedOutFrame title={t('password.resetTitle')} subtitle={t('password.rules')}>
      {done ? (
        <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} data-testid="reset-done">
          {t('password.resetDone')}
        </Alert>
      ) : !token ? (
        <FormError message={t('password.linkInvalid')} />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <FormError message={formError} />
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
            <Button type="submit" loading={form.submitting} fullWidth size="md">
              {t('password.save')}
            </Button>
          </Stack>
        </form>
      )}
    </SignedOutFrame>
  );
}

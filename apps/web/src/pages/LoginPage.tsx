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
import { schemaResolver, useForm } from '@mantine/form';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { PasswordField } from '../components/PasswordField';
import { FormError } from '../components/States';
import { applyProblemToForm } from '../lib/problem';
import { homePath } from '../lib/roles';
import { useStaticForm } from '../lib/static-form';
import { useDocumentTitle } from '../lib/title';
import { loginSchema } from '../schemas';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { login, status, me, reason } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [formError, setFormError] = useState<string | null>(null);
  const schema = useMemo(() => loginSchema(t), [t]);
  useDocumentTitle(t('auth.tabTitle'));
  const formRef = useRef<HTMLFormElement>(null);
  // What was typed into the static form of index.html before this page's scripts arrived.
  const carried = useStaticForm<{ email: string; password: string }>('login', formRef, (values) =>
    form.setValues({ email: values.email ?? '', password: values.password ?? '' }),
  );
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: carried.email ?? '', password: carried.password ?? '' },
    validate: schemaResolver(schema, { sync: true }),
  });

  const next = params.get('next');
  const safeNext = next && next.startsWith('/') && !next.startsWith('//') ? next : null;
  if (status === 'ready' && me) return <Navigate to={safeNext ?? homePath(me)} replace />;

  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      const profile = await login(values.email.trim(), values.password);
      navigate(safeNext ?? homePath(profile), { replace: true });
    } catch (error) {
      if (isApiError(error) && error.status === 401) setFormError(t('auth.invalid'));
      else setFormError(applyProblemToForm(form, error, t, i18n.language, ['email', 'password']));
    }
  });

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
            <form ref={formRef} onSubmit={submit} noValidate>
              <Stack gap="md">
                <div>
                  <Title order={1} size="h3">
                    {t('auth.title')}
                  </Title>
                  <Text c="dimmed" size="sm" mt={4}>
                    {t('auth.subtitle')}
                  </Text>
                </div>
                {reason === 'expired' && (
                  <Alert color="yellow" variant="light" icon={<IconInfoCircle aria-hidden />}>
                    {t('auth.sessionExpired')}
                  </Alert>
                )}
                <FormError message={formError} />
                <TextInput
                  label={t('auth.email')}
                  placeholder={t('auth.emailPlaceholder')}
                  type="email"
                  autoComplete="username"
                  inputMode="email"
                  required
                  data-field="email"
                  {...form.getInputProps('email')}
                />
                <PasswordField
                  label={t('auth.password')}
                  autoComplete="current-password"
                  required
                  data-field="password"
                  {...form.getInputProps('password')}
                />
                <Anchor component={RouterLink} to="/forgot-password" size="sm" data-testid="forgot-password">
                  {t('password.forgotLink')}
                </Anchor>
                <Button type="submit" loading={form.submitting} fullWidth size="md">
                  {t('auth.submit')}
                </Button>
              </Stack>
            </form>
          </Paper>
          <Text size="xs" c="dimmed" ta="center">
            {t('app.tagline')}
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}

import { Badge, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeams, useUnits } from '../api/hooks';
import { useMeRequired } from '../auth/AuthContext';
import { PageHeader } from '../components/PageHeader';
import { ComingSoon } from '../components/States';
import { setLanguage, type Language } from '../i18n';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

export function ProfilePage() {
  const { t, i18n } = useTranslation();
  const me = useMeRequired();
  const units = useUnits();
  const teams = useTeams();
  const unit = units.data?.find((u) => u.id === me.unitId);
  const myTeams = (teams.data ?? []).filter((team) => me.teamIds.includes(team.id));

  return (
    <Stack gap="md" maw={760}>
      <PageHeader title={t('profile.title')} />
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="profile-account">
        <Title order={2} size="h5" mb="sm" id="profile-account">
          {t('profile.account')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Field label={t('profile.name')}>{me.name}</Field>
          <Field label={t('profile.email')}>{me.email}</Field>
          <Field label={t('profile.nip')}>{me.nip ?? t('common.none')}</Field>
          <Field label={t('profile.unit')}>{unit?.name ?? t('common.none')}</Field>
          <Field label={t('profile.roles')}>
            <Group gap={4} mt={2}>
              {me.roles.map((r) => (
                <Badge key={r} variant="light" color="desk">
                  {t(`roles.${r}`)}
                </Badge>
              ))}
            </Group>
          </Field>
          {myTeams.length > 0 && (
            <Field label={t('profile.teams')}>{myTeams.map((team) => team.name).join(', ')}</Field>
          )}
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="profile-lang">
        <Title order={2} size="h5" mb={4} id="profile-lang">
          {t('profile.language')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('profile.languageHint')}
        </Text>
        <SegmentedControl
          aria-label={t('profile.language')}
          value={i18n.language === 'en' ? 'en' : 'id'}
          onChange={(v) => setLanguage(v as Language)}
          data={[
            { value: 'id', label: t('lang.id') },
            { value: 'en', label: t('lang.en') },
          ]}
          data-testid="profile-language"
        />
      </Paper>
      {/* The mail issue brings the preferences endpoint; until then the section says so. */}
      <ComingSoon title={t('profile.notifications')} text={t('profile.notificationsText')} />
    </Stack>
  );
}

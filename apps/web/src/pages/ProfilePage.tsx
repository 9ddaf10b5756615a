import type { RoleName } from '@desk/contracts';
import { Badge, Group, Paper, SegmentedControl, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeams, useUnits } from '../api/hooks';
import { usePreferences, useUpdatePreferences } from '../api/reports';
import { useMeRequired } from '../auth/AuthContext';
import { ContactForm } from '../components/ContactForm';
import { PageHeader } from '../components/PageHeader';
import { ErrorState, LoadingState } from '../components/States';
import { setLanguage, type Language } from '../i18n';
import { notify } from '../lib/notify';
import { problemMessage } from '../lib/problem';
import { hasRole } from '../lib/roles';
import { ChangePasswordSection } from './ChangePasswordSection';

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
  const update = useUpdatePreferences();

  // The account's language is also the language of its mail.
  function chooseLanguage(lng: Language) {
    setLanguage(lng);
    update.mutate({ locale: lng });
  }

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
          onChange={(v) => chooseLanguage(v as Language)}
          data={[
            { value: 'id', label: t('lang.id') },
            { value: 'en', label: t('lang.en') },
          ]}
          data-testid="profile-language"
        />
      </Paper>
      <ChangePasswordSection />
      <ContactForm me={me} />
      <NotificationSwitches />
    </Stack>
  );
}

const AGENTS: RoleName[] = ['tier1', 'tier2', 'csirt', 'supervisor'];
const SLA_PEOPLE: RoleName[] = [...AGENTS, 'unit_head'];

/**
 * Who each kind of mail goes to (libs/notifications), in the order the switches are listed: a
 * requester is not asked about Tier 1 desk mail. Kinds the api adds later show for everyone.
 */
const KIND_ROLES: [string, RoleName[]][] = [
  ['ticketReceipt', ['requester', 'tier1']],
  ['ticketResolved', ['requester', 'tier1']],
  ['ticketReply', ['requester', 'tier1']],
  ['ticketRequesterComment', ['tier1', 'tier2', 'csirt']],
  ['ticketReturned', ['tier1']],
  ['ticketAutoResumed', AGENTS],
  ['ticketCreated', ['tier1']],
  ['ticketAssigned', AGENTS],
  ['ticketEscalated', ['tier2', 'csirt']],
  ['slaWarned', SLA_PEOPLE],
  ['slaLadder', SLA_PEOPLE],
  ['slaBreached', SLA_PEOPLE],
  ['incidentReported', ['csirt', 'supervisor', 'unit_head']],
];
const KIND_ORDER = KIND_ROLES.map(([key]) => key);

/** An essential switch looks on (it is), though it cannot be moved. */
const ESSENTIAL_STYLES = {
  track: {
    backgroundColor: 'var(--mantine-color-desk-2)',
    borderColor: 'var(--mantine-color-desk-2)',
  },
  label: { color: 'var(--mantine-color-text)' },
};

/** One switch per kind of mail; essential kinds stay on and say why. */
function NotificationSwitches() {
  const { t } = useTranslation();
  const me = useMeRequired();
  const prefs = usePreferences();
  const update = useUpdatePreferences();
  const concerns = (key: string) => {
    const roles = KIND_ROLES.find(([k]) => k === key)?.[1];
    return !roles || hasRole(me, ...roles);
  };
  let body: ReactNode;
  if (prefs.isPending) body = <LoadingState />;
  else if (prefs.isError) body = <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />;
  else {
    const keys = Object.keys(prefs.data.notifications)
      .filter(concerns)
      .sort((a, b) => (KIND_ORDER.indexOf(a) + 1 || 99) - (KIND_ORDER.indexOf(b) + 1 || 99));
    body = (
      <Stack gap="sm" data-testid="notification-switches">
        {keys.map((key) => {
          const essential = prefs.data.essential.includes(key);
          const label = t(`profile.kinds.${key as 'ticketReceipt'}.label`, key);
          const text = t(`profile.kinds.${key as 'ticketReceipt'}.text`, '');
          return (
            <Switch
              key={key}
              label={
                <Group gap={6} component="span">
                  {label}
                  {essential && (
                    <Badge
                      size="sm"
                      variant="light"
                      color="gray"
                      leftSection={<IconLock size={11} aria-hidden />}
                    >
                      {t('profile.essential')}
                    </Badge>
                  )}
                </Group>
              }
              description={
                essential
                  ? `${text} ${t(`profile.kinds.${key as 'ticketReceipt'}.why`, t('profile.essentialWhy'))}`.trim()
                  : text
              }
              checked={essential || prefs.data.notifications[key]}
              disabled={essential}
              styles={essential ? ESSENTIAL_STYLES : undefined}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                update.mutate(
                  { notifications: { [key]: on } },
                  {
                    onSuccess: () => notify(t('profile.prefSaved')),
                    onError: (error) => notify(problemMessage(error, t), 'red'),
                  },
                );
              }}
              data-testid={`pref-${key}`}
            />
          );
        })}
      </Stack>
    );
  }
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="profile-notifications">
      <Title order={2} size="h5" mb={4} id="profile-notifications">
        {t('profile.notifications')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('profile.notificationsText')}
      </Text>
      {body}
    </Paper>
  );
}

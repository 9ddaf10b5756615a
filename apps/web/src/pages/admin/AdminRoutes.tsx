import { Grid, NavLink, Paper, Select, Stack } from '@mantine/core';
import {
  IconBuilding,
  IconCalendar,
  IconCategory,
  IconClockHour4,
  IconMail,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useMeRequired } from '../../auth/AuthContext';
import { PageHeader } from '../../components/PageHeader';
import { hasRole } from '../../lib/roles';
import { LoadingState } from '../../components/States';
import { NotFoundPage } from '../NotFoundPage';
import { CalendarPage } from './CalendarPage';
import { CategoriesPage } from './CategoriesPage';
import { MailPage, useMailCapture } from './MailPage';
import { SlaPoliciesPage } from './SlaPoliciesPage';
import { TeamsPage } from './TeamsPage';
import { UnitsPage } from './UnitsPage';
import { UsersPage } from './UsersPage';

/**
 * Configuration (admin only). The captured-mail viewer shows only while the development SMTP
 * capture runs (the api answers 404 otherwise, and always in production).
 */
export default function AdminRoutes() {
  const { t } = useTranslation();
  const me = useMeRequired();
  const location = useLocation();
  const navigate = useNavigate();
  const admin = hasRole(me, 'admin');
  const capture = useMailCapture(admin);
  const sections = [
    { to: 'units', label: t('admin.units'), icon: IconBuilding, show: admin },
    { to: 'teams', label: t('admin.teams'), icon: IconUsersGroup, show: admin },
    { to: 'categories', label: t('admin.categories'), icon: IconCategory, show: admin },
    { to: 'users', label: t('admin.users'), icon: IconUsers, show: admin },
    { to: 'sla', label: t('admin.slaPolicies'), icon: IconClockHour4, show: admin },
    { to: 'calendar', label: t('admin.calendar'), icon: IconCalendar, show: admin },
    { to: 'mail', label: t('admin.mail'), icon: IconMail, show: admin && capture.runs },
  ].filter((s) => s.show);
  if (!sections.length) return <NotFoundPage />;
  const current = sections.find((s) => location.pathname.startsWith(`/admin/${s.to}`));

  return (
    <Stack gap="sm">
      <PageHeader title={t('admin.title')} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Paper withBorder p="xs" radius="md" visibleFrom="md" component="nav" aria-label={t('admin.title')}>
            {sections.map((s) => (
              <NavLink
                key={s.to}
                component={Link}
                to={`/admin/${s.to}`}
                label={s.label}
                leftSection={<s.icon size={18} aria-hidden />}
                active={current?.to === s.to}
                aria-current={current?.to === s.to ? 'page' : undefined}
              />
            ))}
          </Paper>
          <Select
            hiddenFrom="md"
            label={t('admin.title')}
            data={sections.map((s) => ({ value: s.to, label: s.label }))}
            value={current?.to ?? null}
            onChange={(v) => v && navigate(`/admin/${v}`)}
            allowDeselect={false}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Routes>
            <Route index element={<Navigate to={sections[0].to} replace />} />
            {admin && <Route path="units" element={<UnitsPage />} />}
            {admin && <Route path="teams" element={<TeamsPage />} />}
            {admin && <Route path="categories" element={<CategoriesPage />} />}
            {admin && <Route path="users" element={<UsersPage />} />}
            {admin && <Route path="sla" element={<SlaPoliciesPage />} />}
            {admin && <Route path="calendar" element={<CalendarPage />} />}
            {admin && capture.runs && <Route path="mail/*" element={<MailPage />} />}
            {capture.pending && <Route path="mail/*" element={<LoadingState />} />}
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

import {
  AppShell,
  Avatar,
  Box,
  Burger,
  Button,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import {
  IconBook,
  IconBug,
  IconCalendarEvent,
  IconChartBar,
  IconChevronDown,
  IconHelp,
  IconLayoutKanban,
  IconLogout,
  IconMailForward,
  IconPlus,
  IconSettings,
  IconShieldExclamation,
  IconShieldLock,
  IconTicket,
  IconUser,
  type Icon,
} from '@tabler/icons-react';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useRegion } from '../api/hooks';
import { LiveStatusContext, useLiveTicketEvents } from '../api/live';
import { useAuth, useMeRequired } from '../auth/AuthContext';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useIncidentT } from '../i18n/useIncidentT';
import { hasRole } from '../lib/roles';

interface NavItem {
  to: string;
  label: string;
  icon: Icon;
  show: boolean;
}

function initials(name: string): string {
  return name
    .replace(/[^\p{L}\s]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 1 && w[0] === w[0].toUpperCase())
    .slice(0, 2)
    .map((w) => w[0])
    .join('');
}

export function AppLayout() {
  const { t } = useTranslation();
  const { ti } = useIncidentT();
  const me = useMeRequired();
  const { logout } = useAuth();
  const region = useRegion();
  // Queues, my tickets and the open ticket refresh as soon as a ticket the user may see changes.
  const live = useLiveTicketEvents(true);
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const wide = useMediaQuery('(min-width: 48em)');

  useEffect(close, [location.pathname, close]);

  const canFile = hasRole(me, 'requester', 'tier1');
  const agent = hasRole(me, 'tier1', 'tier2', 'csirt', 'supervisor');
  const sections: { title: string; items: NavItem[] }[] = [
    {
      title: t('nav.sectionService'),
      items: [
        { to: '/tickets/new', label: t('nav.report'), icon: IconPlus, show: canFile },
        {
          to: '/tickets',
          label:
            hasRole(me, 'unit_head') && !hasRole(me, 'requester') ? t('nav.unitTickets') : t('nav.myTickets'),
          icon: IconTicket,
          show: hasRole(me, 'requester', 'unit_head', 'tier1'),
        },
        // Anyone may report a security incident; the menu decides by role, never by asking the api.
        { to: '/incidents/new', label: ti('navReport'), icon: IconShieldExclamation, show: true },
        {
          to: '/incidents',
          label: ti('navMine'),
          icon: IconShieldLock,
          show: !hasRole(me, 'csirt', 'supervisor'),
        },
        { to: '/help', label: t('nav.help'), icon: IconHelp, show: true },
      ],
    },
    {
      title: t('nav.sectionWork'),
      items: [
        { to: '/workspace', label: t('nav.workspace'), icon: IconLayoutKanban, show: agent },
        {
          to: '/incidents',
          label: t('nav.incidents'),
          icon: IconShieldLock,
          show: hasRole(me, 'csirt', 'supervisor'),
        },
        { to: '/kb', label: t('nav.knowledge'), icon: IconBook, show: agent },
        {
          to: '/changes',
          label: t('nav.changes'),
          icon: IconCalendarEvent,
          show: hasRole(me, 'tier1', 'tier2', 'supervisor', 'unit_head'),
        },
        {
          to: '/problems',
          label: t('nav.problems'),
          icon: IconBug,
          show: hasRole(me, 'tier1', 'tier2', 'supervisor', 'unit_head'),
        },
      ],
    },
    {
      title: t('nav.sectionManage'),
      items: [
        {
          to: '/dashboard',
          label: t('nav.dashboard'),
          icon: IconChartBar,
          show: hasRole(me, 'supervisor', 'unit_head'),
        },
        {
          to: '/reports/subscriptions',
          label: t('nav.subscriptions'),
          icon: IconMailForward,
          show: hasRole(me, 'supervisor', 'unit_head'),
        },
        { to: '/admin', label: t('nav.admin'), icon: IconSettings, show: hasRole(me, 'admin') },
      ],
    },
  ];

  // A ticket page belongs to "my tickets" for requesters and to the workspace for agents.
  const isActive = (to: string) => {
    const ticketPage = /^\/tickets\/(?!new$)/.test(location.pathname);
    if (to === '/tickets') return location.pathname === '/tickets' || (ticketPage && !agent);
    if (to === '/workspace') return location.pathname.startsWith(to) || (ticketPage && agent);
    if (to === '/incidents') return /^\/incidents(\/(?!new$).*)?$/.test(location.pathname);
    return location.pathname === to || location.pathname.startsWith(`${to}/`);
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'md' }}
    >
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" miw={0}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('app.closeMenu') : t('app.openMenu')}
            />
            <UnstyledButton component={Link} to="/" aria-label={t('app.name')}>
              <Group gap={8} wrap="nowrap">
                <Box component="img" src="/favicon.svg" alt="" w={28} h={28} />
                <Stack gap={0} visibleFrom="xs">
                  <Text fw={700} size="sm" lh={1.2}>
                    {t('app.name')}
                  </Text>
                  <Text size="xs" c="dimmed" lh={1.2} truncate maw={260}>
                    {region.data?.name ?? t('app.tagline')}
                  </Text>
                </Stack>
              </Group>
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {canFile && location.pathname !== '/tickets/new' && (
              <Button
                component={Link}
                to="/tickets/new"
                size="xs"
                leftSection={<IconPlus size={16} aria-hidden />}
              >
                {wide ? t('nav.report') : t('nav.reportShort')}
              </Button>
            )}
            <Box visibleFrom="xs">
              <LanguageSwitch />
            </Box>
            <UserMenu name={me.name} onLogout={() => logout('signedOut')} />
          </Group>
        </Group>
      </AppShell.Header>

      {/* Off-screen while collapsed on a phone: inert, so keyboard focus never lands in it. */}
      <AppShell.Navbar p="xs" aria-label={t('app.mainNav')} inert={!wide && !opened}>
        <AppShell.Section grow component={ScrollArea}>
          <div>
            {sections.map((section) => {
              const items = section.items.filter((i) => i.show);
              if (!items.length) return null;
              return (
                <Box key={section.title} mb="sm">
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" py={4}>
                    {section.title}
                  </Text>
                  {items.map((item) => (
                    <NavLink
                      key={item.to}
                      component={Link}
                      to={item.to}
                      label={item.label}
                      leftSection={<item.icon size={18} aria-hidden />}
                      active={isActive(item.to)}
                      aria-current={isActive(item.to) ? 'page' : undefined}
                    />
                  ))}
                </Box>
              );
            })}
          </div>
        </AppShell.Section>
        <AppShell.Section hiddenFrom="xs" p="xs">
          <LanguageSwitch size="sm" />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
        <Box maw={1280} mx="auto">
          <LiveStatusContext value={live}>
            <Outlet />
          </LiveStatusContext>
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}

function UserMenu({ name, onLogout }: { name: string; onLogout: () => void }): ReactNode {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`${t('nav.profile')}: ${name}`} data-testid="user-menu">
          <Group gap={6} wrap="nowrap">
            <Avatar color="desk" radius="xl" size={32}>
              {initials(name) || <IconUser size={18} />}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="md" maw={180} truncate>
              {name}
            </Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{name}</Menu.Label>
        <Menu.Item component={Link} to="/profile" leftSection={<IconUser size={16} aria-hidden />}>
          {t('nav.profile')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconLogout size={16} aria-hidden />} onClick={onLogout}>
          {t('nav.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

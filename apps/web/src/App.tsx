import { DirectionProvider, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation } from 'react-router';
import { isApiError } from './api/client';
import { AuthProvider, useAuth } from './auth/AuthContext';
import { ErrorState, LoadingState } from './components/States';
import { homePath } from './lib/roles';
import { dropStaticForm, dropStaticFormOutside } from './lib/static-form';
import { NotFoundPage } from './pages/NotFoundPage';
import { cssVariablesResolver, theme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      // Client errors (404, 403) are answers, not hiccups: only retry network and server failures.
      retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

function RequireAuth() {
  const { status, retry, error } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <LoadingState />;
  if (status === 'error') {
    // The account could not be read: the error, not a static form that cannot be sent, is shown.
    dropStaticForm();
    return <ErrorState error={error} onRetry={retry} />;
  }
  if (status === 'anonymous') {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

function HomeRedirect() {
  const { me } = useAuth();
  return <Navigate to={me ? homePath(me) : '/login'} replace />;
}

const lazyPage = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});
/** The same for a module whose page is a named export. */
const lazyNamed =
  <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) =>
  async () => ({ Component: (await load())[name] });

// Every page is its own chunk, fetched when its route matches: the sign-in page loads neither the
// app's frame nor any other page, the report form no charts, tables or date pickers.
const router = createBrowserRouter([
  {
    path: '/login',
    lazy: lazyNamed(() => import('./pages/LoginPage'), 'LoginPage'),
    hydrateFallbackElement: <LoadingState />,
  },
  {
    path: '/forgot-password',
    lazy: async () => ({ Component: (await import('./pages/PasswordResetPages')).ForgotPasswordPage }),
  },
  {
    path: '/reset-password',
    lazy: async () => ({ Component: (await import('./pages/PasswordResetPages')).ResetPasswordPage }),
  },
  {
    element: <RequireAuth />,
    hydrateFallbackElement: <LoadingState />,
    children: [
      {
        lazy: lazyNamed(() => import('./layout/AppLayout'), 'AppLayout'),
        children: [
          { index: true, element: <HomeRedirect /> },
          // Security incidents: any user reports; the reporter, CSIRT and supervisors read.
          { path: 'incidents', lazy: lazyPage(() => import('./pages/incidents/IncidentsPage')) },
          { path: 'incidents/new', lazy: lazyPage(() => import('./pages/incidents/ReportIncidentPage')) },
          { path: 'incidents/:id', lazy: lazyPage(() => import('./pages/incidents/IncidentPage')) },
          { path: 'tickets', lazy: lazyNamed(() => import('./pages/MyTicketsPage'), 'MyTicketsPage') },
          { path: 'tickets/new', lazy: lazyNamed(() => import('./pages/NewTicketPage'), 'NewTicketPage') },
          { path: 'tickets/:id', lazy: lazyNamed(() => import('./pages/TicketPage'), 'TicketPage') },
          {
            path: 'tiket/:number',
            lazy: lazyNamed(() => import('./pages/TicketPage'), 'TicketByNumberPage'),
          },
          { path: 'profile', lazy: lazyNamed(() => import('./pages/ProfilePage'), 'ProfilePage') },
          // Agents, managers and admins: loaded on demand so a requester's phone downloads none of it.
          { path: 'help', lazy: lazyPage(() => import('./pages/kb/HelpCenterPage')) },
          { path: 'help/articles/:id', lazy: lazyPage(() => import('./pages/kb/ArticlePage')) },
          { path: 'kb', lazy: lazyPage(() => import('./pages/kb/KnowledgePage')) },
          { path: 'kb/new', lazy: lazyPage(() => import('./pages/kb/ArticleEditorPage')) },
          { path: 'kb/:id/edit', lazy: lazyPage(() => import('./pages/kb/ArticleEditorPage')) },
          { path: 'workspace', lazy: lazyPage(() => import('./pages/WorkspacePage')) },
          { path: 'dashboard', lazy: lazyPage(() => import('./pages/dashboard/DashboardPage')) },
          { path: 'reports/sla', element: <Navigate to="/dashboard" replace /> },
          {
            path: 'reports/subscriptions',
            lazy: lazyPage(() => import('./pages/reports/SubscriptionsPage')),
          },
          { path: 'changes/*', lazy: lazyPage(() => import('./pages/changes/ChangeRoutes')) },
          { path: 'problems/*', lazy: lazyPage(() => import('./pages/changes/ProblemRoutes')) },
          { path: 'admin/*', lazy: lazyPage(() => import('./pages/admin/AdminRoutes')) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

// A static form of index.html (public/boot.js) belongs to one page: leaving it shows the app.
router.subscribe((state) => dropStaticFormOutside(state.location.pathname));

function Providers() {
  return (
    <AuthProvider>
      <RouterProvider router={router} />
    </AuthProvider>
  );
}

export function App() {
  return (
    <DirectionProvider>
      <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
        <Notifications position="top-center" />
        <QueryClientProvider client={queryClient}>
          <Providers />
        </QueryClientProvider>
      </MantineProvider>
    </DirectionProvider>
  );
}

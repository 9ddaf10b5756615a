import type { KbArticleSummary } from '@desk/contracts';
import { Badge, Button, Group, Paper, Stack, Tabs, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useKbArticles } from '../../api/kb';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';

const TABS = ['all', 'review', 'mine', 'due'] as const;
type Tab = (typeof TABS)[number];

/** Agents' knowledge base: every article in reach, the review queue, mine, and reviews due. */
export default function KnowledgePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'all';
  const articles = useKbArticles({
    status: tab === 'review' ? 'in_review' : null,
    mine: tab === 'mine',
    reviewDue: tab === 'due',
  });
  const label: Record<Tab, string> = {
    all: t('kb.tabAll'),
    review: t('kb.tabReview'),
    mine: t('kb.tabMine'),
    due: t('kb.tabDue'),
  };
  return (
    <Stack gap="md">
      <PageHeader
        title={t('kb.manageTitle')}
        subtitle={t('kb.manageIntro')}
        actions={
          <Button component={Link} to="/kb/new" leftSection={<IconPlus size={16} aria-hidden />}>
            {t('kb.newArticle')}
          </Button>
        }
      />
      <Tabs value={tab} onChange={(v) => setParams({ tab: v ?? 'all' }, { replace: true })}>
        <Tabs.List>
          {TABS.map((key) => (
            <Tabs.Tab key={key} value={key} data-testid={`kb-tab-${key}`}>
              {label[key]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {articles.isError ? (
        <ErrorState error={articles.error} onRetry={() => void articles.refetch()} />
      ) : articles.isLoading ? (
        <LoadingState />
      ) : articles.data?.items.length ? (
        <Stack gap="xs">
          {articles.data.items.map((a) => (
            <ArticleRow key={a.id} article={a} />
          ))}
        </Stack>
      ) : (
        <EmptyState text={t('kb.empty')} />
      )}
    </Stack>
  );
}

function ArticleRow({ article: a }: { article: KbArticleSummary }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="sm" component={Link} to={`/kb/${a.id}/edit`} data-testid="kb-row">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Text fw={600} c="blue.9">
            {a.title}
          </Text>
          <Text size="xs" c="dimmed">
            {t('kb.author')}: {a.author.name}
            {a.category ? ` · ${a.category.name}` : ''}
            {a.reviewBy ? ` · ${t('kb.reviewBy')}: ${a.reviewBy}` : ''}
          </Text>
        </Stack>
        <Group gap={4}>
          <Badge variant="light">{t(`kb.kind.${a.kind}`)}</Badge>
          <Badge variant="outline" color="gray">
            {t(`kb.visibility.${a.visibility}`)}
          </Badge>
          <Badge
            autoContrast
            color={a.status === 'published' ? 'ok.8' : a.status === 'in_review' ? 'yellow.4' : 'gray.3'}
          >
            {t(`kb.status.${a.status}`)}
          </Badge>
        </Group>
      </Group>
    </Paper>
  );
}

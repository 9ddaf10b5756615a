import type { KbArticleSummary, KbSearchHit } from '@desk/contracts';
import { Badge, Button, Chip, Group, Paper, ScrollArea, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCategories } from '../../api/hooks';
import { useDebounced, useKbArticles, useKbSearch } from '../../api/kb';
import { useMeRequired } from '../../auth/AuthContext';
import { Snippet } from '../../components/kb/ArticleHtml';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { hasRole } from '../../lib/roles';

/** The requesters' help centre: search first, then categories and the latest articles. */
export default function HelpCenterPage() {
  const { t } = useTranslation();
  const me = useMeRequired();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const category = params.get('category');
  const settled = useDebounced(q, 300);
  const categories = useCategories();
  const search = useKbSearch(settled, { category });
  const latest = useKbArticles({ status: 'published', category });
  const set = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const searching = settled.trim().length > 0;

  return (
    <Stack maw={820} mx="auto" gap="md">
      <PageHeader title={t('kb.helpTitle')} subtitle={t('kb.helpIntro')} />
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <TextInput
          size="md"
          label={t('kb.searchLabel')}
          placeholder={t('kb.searchPlaceholder')}
          leftSection={<IconSearch size={18} aria-hidden />}
          value={q}
          onChange={(e) => set('q', e.currentTarget.value)}
          data-testid="kb-search"
          type="search"
        />
      </form>
      <Stack gap={4}>
        <Text size="sm" fw={600} id="kb-categories">
          {t('kb.categories')}
        </Text>
        <ScrollArea type="auto" offsetScrollbars>
          <Chip.Group multiple={false} value={category ?? ''} onChange={(v) => set('category', v || null)}>
            <Group gap={6} wrap="nowrap" aria-labelledby="kb-categories" role="group">
              <Chip value="" size="sm">
                {t('kb.allCategories')}
              </Chip>
              {(categories.data ?? []).map((c) => (
                <Chip key={c.id} value={c.id} size="sm">
                  {c.name}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </ScrollArea>
      </Stack>
      {searching ? (
        <Stack gap="xs" component="section" aria-labelledby="kb-results">
          <Title order={2} size="h4" id="kb-results">
            {t('kb.results')}
          </Title>
          {search.isError ? (
            <ErrorState error={search.error} onRetry={() => void search.refetch()} />
          ) : search.isLoading ? (
            <LoadingState />
          ) : search.data?.items.length ? (
            search.data.items.map((hit) => <HitCard key={hit.id} hit={hit} />)
          ) : (
            <EmptyState
              text={t('kb.noResults')}
              action={
                hasRole(me, 'requester', 'tier1') ? (
                  <Button component={Link} to="/tickets/new">
                    {t('nav.report')}
                  </Button>
                ) : undefined
              }
            />
          )}
        </Stack>
      ) : (
        <Stack gap="xs" component="section" aria-labelledby="kb-latest">
          <Title order={2} size="h4" id="kb-latest">
            {t('kb.popular')}
          </Title>
          {latest.isLoading ? (
            <LoadingState />
          ) : latest.data?.items.length ? (
            latest.data.items.slice(0, 20).map((a) => <SummaryCard key={a.id} article={a} />)
          ) : (
            <EmptyState text={t('kb.empty')} />
          )}
        </Stack>
      )}
    </Stack>
  );
}

function HitCard({ hit }: { hit: KbSearchHit }) {
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component={Link}
      to={`/help/articles/${hit.id}`}
      data-testid="kb-hit"
    >
      <Text fw={600} c="blue.9">
        {hit.title}
      </Text>
      <Text size="sm" c="dimmed" lineClamp={3}>
        <Snippet html={hit.snippet} />
      </Text>
    </Paper>
  );
}

function SummaryCard({ article }: { article: KbArticleSummary }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="sm" component={Link} to={`/help/articles/${article.id}`}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} c="blue.9">
          {article.title}
        </Text>
        <Badge variant="light" style={{ flexShrink: 0 }}>
          {t(`kb.kind.${article.kind}`)}
        </Badge>
      </Group>
      {article.category && (
        <Text size="xs" c="dimmed">
          {article.category.name}
        </Text>
      )}
    </Paper>
  );
}

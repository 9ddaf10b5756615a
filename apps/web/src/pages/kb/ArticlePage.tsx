import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconThumbDown, IconThumbUp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { kbApi, useKbArticle, useKbMutation } from '../../api/kb';
import { useMeRequired } from '../../auth/AuthContext';
import { ArticleHtml } from '../../components/kb/ArticleHtml';
import { ErrorState, LoadingState } from '../../components/States';
import { formatDate, useTimeZone } from '../../lib/dates';
import { problemMessage } from '../../lib/problem';
import { hasRole, isAgent } from '../../lib/roles';

/** One article, for everyone who may read it, with "Apakah ini membantu?". */
export default function ArticlePage() {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const { id } = useParams();
  const me = useMeRequired();
  const article = useKbArticle(id);
  const feedback = useKbMutation((helpful: boolean) => kbApi.feedback(id!, helpful));

  if (article.isLoading) return <LoadingState />;
  if (!article.data) return <ErrorState error={article.error} onRetry={() => void article.refetch()} />;
  const a = article.data;
  const answered = a.myFeedback !== null || feedback.isSuccess;

  return (
    <Stack maw={820} mx="auto" gap="md">
      <Anchor component={Link} to="/help" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden />
          {t('kb.backToHelp')}
        </Group>
      </Anchor>
      <Stack gap={6}>
        <Title order={1} size="h2" data-testid="kb-article-title">
          {a.title}
        </Title>
        <Group gap="xs">
          <Badge variant="light">{t(`kb.kind.${a.kind}`)}</Badge>
          {a.category && (
            <Badge variant="outline" color="gray">
              {a.category.name}
            </Badge>
          )}
          {a.status !== 'published' && (
            <Badge autoContrast color="yellow.4">
              {t(`kb.status.${a.status}`)}
            </Badge>
          )}
          <Text size="xs" c="dimmed">
            {t('kb.updated', { date: formatDate(a.updatedAt, tz) })}
          </Text>
        </Group>
      </Stack>
      {a.kind === 'known_error' && (
        <Paper withBorder radius="md" p="sm">
          <Stack gap={6}>
            {(['symptom', 'cause', 'workaround'] as const).map(
              (field) =>
                a[field] && (
                  <div key={field}>
                    <Text size="sm" fw={600}>
                      {t(`kb.${field}`)}
                    </Text>
                    <Text size="sm">{a[field]}</Text>
                  </div>
                ),
            )}
          </Stack>
        </Paper>
      )}
      <ArticleHtml html={a.bodyHtml} testId="kb-article-body" />
      {a.status === 'published' && (
        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="kb-helpful">
          <Stack gap="xs">
            <Title order={2} size="h5" id="kb-helpful">
              {t('kb.helpful')}
            </Title>
            {answered ? (
              <Text size="sm" role="status">
                {t('kb.thanks')}
              </Text>
            ) : (
              <Group gap="xs">
                <Button
                  variant="light"
                  leftSection={<IconThumbUp size={16} aria-hidden />}
                  onClick={() => feedback.mutate(true)}
                  loading={feedback.isPending}
                  data-testid="kb-helpful-yes"
                >
                  {t('kb.helpfulYes')}
                </Button>
                <Button
                  variant="default"
                  leftSection={<IconThumbDown size={16} aria-hidden />}
                  onClick={() => feedback.mutate(false)}
                  loading={feedback.isPending}
                >
                  {t('kb.helpfulNo')}
                </Button>
              </Group>
            )}
            {feedback.isError && (
              <Alert color="red" role="alert">
                {problemMessage(feedback.error, t)}
              </Alert>
            )}
            <Text size="xs" c="dimmed">
              {t('kb.votes', { helpful: a.helpful, views: a.views })}
            </Text>
          </Stack>
        </Paper>
      )}
      {hasRole(me, 'requester') && (
        <Group gap="xs">
          <Text size="sm">{t('kb.stillNeedHelp')}</Text>
          <Button component={Link} to="/tickets/new" variant="subtle" size="compact-sm">
            {t('nav.report')}
          </Button>
        </Group>
      )}
      {isAgent(me) && (
        <Group gap="xs">
          <Button component={Link} to={`/kb/${a.id}/edit`} variant="default">
            {t('common.edit')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

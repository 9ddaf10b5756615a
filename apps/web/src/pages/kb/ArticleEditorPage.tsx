import {
  ARTICLE_KINDS,
  ARTICLE_VISIBILITIES,
  type ArticleKindName,
  type ArticleVisibilityName,
  type KbArticle,
} from '@desk/contracts';
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { request } from '../../api/client';
import { useCategories } from '../../api/hooks';
import { kbApi, useKbArticle, useKbDiff, useKbMutation, useKbRevisions } from '../../api/kb';
import { useMeRequired } from '../../auth/AuthContext';
import { ArticleHtml } from '../../components/kb/ArticleHtml';
import { DateInputField } from '../../components/LazyDateFields';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, FormError, LoadingState } from '../../components/States';
import { notify } from '../../lib/notify';
import { problemMessage } from '../../lib/problem';
import { hasRole } from '../../lib/roles';

interface Draft {
  title: string;
  body: string;
  kind: ArticleKindName;
  visibility: ArticleVisibilityName;
  categoryId: string | null;
  tags: string[];
  symptom: string;
  cause: string;
  workaround: string;
  reviewBy: string;
}

const EMPTY: Draft = {
  title: '',
  body: '',
  kind: 'howto',
  visibility: 'public',
  categoryId: null,
  tags: [],
  symptom: '',
  cause: '',
  workaround: '',
  reviewBy: '',
};

const toDraft = (a: KbArticle): Draft => ({
  title: a.title,
  body: a.body,
  kind: a.kind,
  visibility: a.visibility,
  categoryId: a.category?.id ?? null,
  tags: a.tags,
  symptom: a.symptom ?? '',
  cause: a.cause ?? '',
  workaround: a.workaround ?? '',
  reviewBy: a.reviewBy ?? '',
});

/** The agents' editor: Markdown with a server-rendered preview, the review actions and revisions. */
export default function ArticleEditorPage() {
  const { id } = useParams();
  const article = useKbArticle(id);
  if (id && article.isLoading) return <LoadingState />;
  if (id && !article.data) return <ErrorState error={article.error} onRetry={() => void article.refetch()} />;
  return <Editor key={`${id}-${article.data?.version ?? 0}`} article={article.data ?? null} />;
}

function Editor({ article }: { article: KbArticle | null }) {
  const { t } = useTranslation();
  const me = useMeRequired();
  const navigate = useNavigate();
  const categories = useCategories();
  const [draft, setDraft] = useState<Draft>(article ? toDraft(article) : EMPTY);
  const [tab, setTab] = useState<string | null>('write');
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  useEffect(() => {
    if (tab !== 'preview') return;
    let live = true;
    kbApi
      .preview(draft.body)
      .then((r) => live && setPreview(r.html))
      .catch((e) => live && setError(problemMessage(e, t)));
    return () => {
      live = false;
    };
  }, [tab, draft.body, t]);

  const save = useKbMutation(async () => {
    const body = {
      title: draft.title,
      body: draft.body,
      kind: draft.kind,
      visibility: draft.visibility,
      categoryId: draft.categoryId,
      tags: draft.tags,
      symptom: draft.kind === 'known_error' ? draft.symptom || null : null,
      cause: draft.kind === 'known_error' ? draft.cause || null : null,
      workaround: draft.kind === 'known_error' ? draft.workaround || null : null,
      reviewBy: draft.reviewBy || null,
    };
    return article
      ? request<KbArticle>(`/kb/articles/${article.id}`, {
          method: 'PATCH',
          body: { ...body, version: article.version },
        })
      : request<KbArticle>('/kb/articles', { method: 'POST', body });
  });
  const act = useKbMutation((action: 'submit' | 'publish' | 'archive') => kbApi.act(article!.id, action));

  async function onSave(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setFieldErrors({});
    try {
      const saved = await save.mutateAsync(undefined);
      notify(t('kb.saved'));
      navigate(`/kb/${saved.id}/edit`, { replace: true });
    } catch (err) {
      const problem = (err as { problem?: { errors?: { field: string; message: string }[] } }).problem;
      setFieldErrors(Object.fromEntries((problem?.errors ?? []).map((f) => [f.field, f.message])));
      setError(problemMessage(err, t));
    }
  }

  const publisher = hasRole(me, 'supervisor', 'tier2');
  const status = article?.status;
  return (
    <Stack gap="md" maw={960} mx="auto">
      <PageHeader
        title={article ? t('kb.editTitle') : t('kb.createTitle')}
        actions={
          article && (
            <Group gap="xs">
              <Badge size="lg" variant="light">
                {t(`kb.status.${article.status}`)}
              </Badge>
              <Button component={Link} to={`/help/articles/${article.id}`} variant="default" size="xs">
                {t('kb.view')}
              </Button>
            </Group>
          )
        }
      />
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }}>
        <form onSubmit={(e) => void onSave(e)} noValidate>
          <Stack gap="md">
            <FormError message={error} />
            <TextInput
              label={t('kb.title')}
              required
              maxLength={200}
              value={draft.title}
              onChange={(e) => set('title', e.currentTarget.value)}
              error={fieldErrors.title}
              data-testid="kb-title"
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label={t('kb.kindLabel')}
                data={ARTICLE_KINDS.map((k) => ({ value: k, label: t(`kb.kind.${k}`) }))}
                value={draft.kind}
                onChange={(v) => v && set('kind', v as ArticleKindName)}
                allowDeselect={false}
              />
              <Select
                label={t('kb.visibilityLabel')}
                data={ARTICLE_VISIBILITIES.map((k) => ({ value: k, label: t(`kb.visibility.${k}`) }))}
                value={draft.visibility}
                onChange={(v) => v && set('visibility', v as ArticleVisibilityName)}
                allowDeselect={false}
                error={fieldErrors.visibility}
              />
              <Select
                label={t('kb.category')}
                data={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                value={draft.categoryId}
                onChange={(v) => set('categoryId', v)}
                clearable
                searchable
                error={fieldErrors.categoryId}
              />
            </SimpleGrid>
            {draft.kind === 'known_error' && (
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                {(['symptom', 'cause', 'workaround'] as const).map((field) => (
                  <Textarea
                    key={field}
                    label={t(`kb.${field}`)}
                    required={field !== 'cause'}
                    autosize
                    minRows={2}
                    value={draft[field]}
                    onChange={(e) => set(field, e.currentTarget.value)}
                    error={fieldErrors[field]}
                  />
                ))}
              </SimpleGrid>
            )}
            <Tabs value={tab} onChange={setTab}>
              <Tabs.List>
                <Tabs.Tab value="write">{t('kb.write')}</Tabs.Tab>
                <Tabs.Tab value="preview" data-testid="kb-preview-tab">
                  {t('kb.preview')}
                </Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="write" pt="xs">
                <Textarea
                  label={t('kb.body')}
                  required
                  autosize
                  minRows={10}
                  maxRows={30}
                  value={draft.body}
                  onChange={(e) => set('body', e.currentTarget.value)}
                  error={fieldErrors.body}
                  styles={{ input: { fontFamily: 'monospace' } }}
                  data-testid="kb-body"
                />
              </Tabs.Panel>
              <Tabs.Panel value="preview" pt="xs">
                <Paper withBorder p="sm" radius="md" mih={200} data-testid="kb-preview">
                  {preview === null ? <LoadingState /> : <ArticleHtml html={preview} />}
                </Paper>
              </Tabs.Panel>
            </Tabs>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TagsInput
                label={t('kb.tags')}
                description={t('kb.tagsHint')}
                value={draft.tags}
                onChange={(v) => set('tags', v)}
                maxTags={20}
                error={fieldErrors.tags}
              />
              <DateInputField
                label={t('kb.reviewBy')}
                value={draft.reviewBy || null}
                onChange={(v) => set('reviewBy', v ?? '')}
                clearable
                error={fieldErrors.reviewBy}
              />
            </SimpleGrid>
            <Group gap="xs">
              <Button type="submit" loading={save.isPending} data-testid="kb-save">
                {t('kb.save')}
              </Button>
              {status === 'draft' && (
                <Button variant="light" onClick={() => act.mutate('submit')} loading={act.isPending}>
                  {t('kb.submit')}
                </Button>
              )}
              {status === 'in_review' && publisher && (
                <Button color="ok.8" onClick={() => act.mutate('publish')} loading={act.isPending}>
                  {t('kb.publish')}
                </Button>
              )}
              {status && status !== 'archived' && publisher && (
                <Button
                  variant="subtle"
                  color="red.9"
                  c="red.9"
                  onClick={() => act.mutate('archive')}
                  loading={act.isPending}
                >
                  {t('kb.archive')}
                </Button>
              )}
            </Group>
            {act.isError && (
              <Alert color="red" role="alert">
                {problemMessage(act.error, t)}
              </Alert>
            )}
          </Stack>
        </form>
      </Paper>
      {article && <Revisions id={article.id} />}
    </Stack>
  );
}

function Revisions({ id }: { id: string }) {
  const { t } = useTranslation();
  const revisions = useKbRevisions(id);
  const [selected, setSelected] = useState<number | null>(null);
  const diff = useKbDiff(id, selected);
  if (!revisions.data?.length) return null;
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="kb-revisions">
      <Stack gap="xs">
        <Title order={2} size="h5" id="kb-revisions">
          {t('kb.revisions')}
        </Title>
        {revisions.data.map((r) => (
          <Group key={r.revision} justify="space-between" gap="xs">
            <Text size="sm">
              {t('kb.revision', { n: r.revision })} · {r.changedBy.name} · {r.createdAt.slice(0, 10)}
            </Text>
            <Button size="compact-xs" variant="subtle" onClick={() => setSelected(r.revision)}>
              {t('kb.diff')}
            </Button>
          </Group>
        ))}
        {diff.data && (
          <pre className="kb-diff" data-testid="kb-diff" aria-label={t('kb.diff')}>
            {diff.data.parts.map((p, i) => (
              <span key={i} className={p.added ? 'kb-added' : p.removed ? 'kb-removed' : undefined}>
                {p.value
                  .split('\n')
                  .filter((line, j, lines) => j < lines.length - 1 || line !== '')
                  .map((line) => `${p.added ? '+ ' : p.removed ? '- ' : '  '}${line}\n`)
                  .join('')}
              </span>
            ))}
          </pre>
        )}
      </Stack>
    </Paper>
  );
}

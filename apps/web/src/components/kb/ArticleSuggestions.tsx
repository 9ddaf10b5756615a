import type { KbSearchHit } from '@desk/contracts';
import { Alert, Badge, Button, Group, Modal, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconBulb } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kbApi, useDebounced, useKbArticle, useKbSuggest } from '../../api/kb';
import { problemMessage } from '../../lib/problem';
import { LoadingState } from '../States';
import { ArticleHtml, Snippet } from './ArticleHtml';

/**
 * Published articles for the title being typed in the report form (one request per pause in typing).
 * Opening one shows it in place; "solved" records a deflection and ends the draft.
 */
export function ArticleSuggestions({ title, onSolved }: { title: string; onSolved: () => void }) {
  const { t } = useTranslation();
  const settled = useDebounced(title, 350);
  const suggest = useKbSuggest(settled);
  const [open, setOpen] = useState<KbSearchHit | null>(null);
  const items = settled.trim().length >= 3 ? (suggest.data?.items ?? []) : [];
  if (!items.length) return null;
  return (
    <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-blue-light)" data-testid="kb-suggestions">
      <Stack gap={6} role="region" aria-label={t('kb.suggestTitle')} aria-live="polite">
        <Group gap={6} wrap="nowrap">
          <IconBulb size={18} aria-hidden />
          <Text fw={600} size="sm">
            {t('kb.suggestTitle')}
          </Text>
        </Group>
        {items.map((hit) => (
          <UnstyledButton
            key={hit.id}
            onClick={() => setOpen(hit)}
            data-testid="kb-suggestion"
            style={{ borderRadius: 6 }}
            p={6}
          >
            <Text size="sm" fw={600} c="blue.9" td="underline">
              {hit.title}
            </Text>
            <Text size="xs" c="dimmed" lineClamp={2}>
              <Snippet html={hit.snippet} />
            </Text>
          </UnstyledButton>
        ))}
      </Stack>
      {open && (
        <SuggestedArticle hit={open} ticketTitle={title} onClose={() => setOpen(null)} onSolved={onSolved} />
      )}
    </Paper>
  );
}

function SuggestedArticle({
  hit,
  ticketTitle,
  onClose,
  onSolved,
}: {
  hit: KbSearchHit;
  ticketTitle: string;
  onClose: () => void;
  onSolved: () => void;
}) {
  const { t } = useTranslation();
  const article = useKbArticle(hit.id);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function solved() {
    setBusy(true);
    setError(null);
    try {
      await kbApi.deflect(hit.id, ticketTitle);
      onClose();
      onSolved();
    } catch (e) {
      setError(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      opened
      onClose={onClose}
      title={hit.title}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {article.isLoading ? (
        <LoadingState />
      ) : article.data ? (
        <Stack gap="md">
          <Group gap="xs">
            <Badge variant="light">{t(`kb.kind.${article.data.kind}`)}</Badge>
          </Group>
          <ArticleHtml html={article.data.bodyHtml} testId="kb-suggested-body" />
          <Title order={2} size="h5">
            {t('kb.solvedQuestion')}
          </Title>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Stack gap="xs">
            <Button onClick={() => void solved()} loading={busy} data-testid="kb-solved">
              {t('kb.solvedButton')}
            </Button>
            <Button variant="default" onClick={onClose}>
              {t('kb.notSolved')}
            </Button>
          </Stack>
        </Stack>
      ) : (
        <Text>{problemMessage(article.error, t)}</Text>
      )}
    </Modal>
  );
}

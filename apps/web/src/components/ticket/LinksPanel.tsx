import type { TicketLink } from '@desk/contracts';
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconLinkOff, IconSitemap } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ticketPath, useLinkMutations, useTicketLinks } from '../../api/deskTools';
import { notify } from '../../lib/notify';
import { problemMessage } from '../../lib/problem';
import { StatusBadge } from '../Badges';
import { LoadingState } from '../States';

const TYPES: TicketLink['type'][] = ['child_of', 'duplicate_of', 'related'];
const OPEN = ['new', 'assigned', 'in_progress', 'pending'];

/**
 * A ticket's links (agents): parents, children, duplicates and related tickets, each by number; a
 * form to link another ticket by its number. A ticket with children is a major incident.
 */
export function LinksPanel({ ticketId, canEdit }: { ticketId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const links = useTicketLinks(ticketId, true);
  const { add, remove } = useLinkMutations(ticketId);
  const [type, setType] = useState<TicketLink['type']>('child_of');
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string | null>(null);

  if (links.isPending) return <LoadingState />;
  const items = links.data ?? [];
  const openChildren = items.filter(
    (l) => l.type === 'child_of' && l.direction === 'incoming' && OPEN.includes(l.ticket.status),
  ).length;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    if (!number.trim()) {
      setError(t('tools.linkNumberHint'));
      return;
    }
    try {
      await add.mutateAsync({ type, number });
      setNumber('');
      notify(t('tools.linked'));
    } catch (err) {
      setError(problemMessage(err, t));
    }
  }

  return (
    <Stack gap="xs" data-testid="links-panel">
      {openChildren > 0 && (
        <Alert color="orange" variant="light" icon={<IconSitemap aria-hidden />} data-testid="major-incident">
          {t('tools.majorIncident', { count: openChildren })}
        </Alert>
      )}
      {items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('tools.noLinks')}
        </Text>
      )}
      {items.map((l) => (
        <Group key={l.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="ticket-link">
          <Stack gap={0} miw={0} style={{ flex: 1 }}>
            <Text size="xs" c="dimmed">
              {t(`tools.linkLabels.${l.type}.${l.direction}`)}
            </Text>
            <Group gap={6} wrap="nowrap">
              <Anchor component={Link} to={ticketPath(l.ticket)} size="sm" fw={600}>
                {l.ticket.number}
              </Anchor>
              <StatusBadge status={l.ticket.status} size="sm" />
            </Group>
            <Text size="xs" truncate>
              {l.ticket.title}
            </Text>
          </Stack>
          {canEdit && (
            <Tooltip label={t('tools.unlink')}>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`${t('tools.unlink')} ${l.ticket.number}`}
                loading={remove.isPending && remove.variables === l.id}
                onClick={() =>
                  remove.mutate(l.id, {
                    onSuccess: () => notify(t('tools.unlinked')),
                    onError: (err) => notify(problemMessage(err, t), 'red'),
                  })
                }
              >
                <IconLinkOff size={16} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      ))}
      {canEdit && (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack gap={6} mt="xs">
            <Select
              size="xs"
              label={t('tools.linkType')}
              data={TYPES.map((value) => ({ value, label: t(`tools.linkTypes.${value}`) }))}
              value={type}
              onChange={(v) => v && setType(v as TicketLink['type'])}
              allowDeselect={false}
            />
            <TextInput
              size="xs"
              label={t('tools.linkNumber')}
              placeholder={t('tools.linkNumberHint')}
              value={number}
              onChange={(e) => setNumber(e.currentTarget.value)}
              error={error}
              data-testid="link-number"
            />
            <Group justify="flex-end">
              <Button size="xs" type="submit" loading={add.isPending}>
                {t('tools.addLink')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}

import type { Ticket } from '@desk/contracts';
import { Anchor, Button, Combobox, Stack, Text, TextInput, useCombobox } from '@mantine/core';
import { IconBook, IconLink } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { kbApi, useDebounced, useKbMutation, useKbSuggest, useTicketArticles } from '../../api/kb';
import { notify } from '../../lib/notify';
import { problemMessage } from '../../lib/problem';

/** Articles linked to the ticket, and "Jadikan artikel" for agents once it is resolved. */
export function TicketKnowledge({ ticket, agent }: { ticket: Ticket; agent: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const articles = useTicketArticles(ticket.id, true);
  const fromTicket = useKbMutation(() => kbApi.fromTicket(ticket.id));
  const resolved = ticket.status === 'resolved' || ticket.status === 'closed';
  const items = articles.data ?? [];
  if (!items.length && !(agent && resolved)) return null;
  return (
    <Stack gap="xs">
      {items.map((a) => (
        <Anchor key={a.id} component={Link} to={`/help/articles/${a.id}`} size="sm">
          {a.title}
        </Anchor>
      ))}
      {agent && resolved && (
        <Button
          variant="light"
          leftSection={<IconBook size={16} aria-hidden />}
          loading={fromTicket.isPending}
          data-testid="kb-from-ticket"
          onClick={() =>
            fromTicket.mutate(undefined, {
              onSuccess: (article) => {
                notify(t('kb.fromTicketDone'));
                navigate(`/kb/${article.id}/edit`);
              },
              onError: (e) => notify(problemMessage(e, t), 'red'),
            })
          }
        >
          {t('kb.fromTicket')}
        </Button>
      )}
    </Stack>
  );
}

/**
 * For an agent's reply: pick an article (searched as you type), link it to the ticket and insert
 * its title and address into the message.
 */
export function ArticleLinkPicker({
  ticketId,
  onInsert,
}: {
  ticketId: string;
  onInsert: (text: string) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const settled = useDebounced(q, 300);
  const suggest = useKbSuggest(settled);
  const combobox = useCombobox();
  const link = useKbMutation((id: string) => kbApi.linkTicket(id, ticketId));
  const options = suggest.data?.items ?? [];
  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(id) => {
        const hit = options.find((o) => o.id === id);
        combobox.closeDropdown();
        setQ('');
        if (!hit) return;
        link.mutate(id, {
          onSuccess: () => onInsert(`${hit.title}: ${window.location.origin}/help/articles/${hit.id}`),
          onError: (e) => notify(problemMessage(e, t), 'red'),
        });
      }}
    >
      <Combobox.Target>
        <TextInput
          size="xs"
          aria-label={t('kb.insertLink')}
          placeholder={t('kb.insertLinkPlaceholder')}
          leftSection={<IconLink size={14} aria-hidden />}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            combobox.openDropdown();
          }}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!options.length}>
        <Combobox.Options>
          {options.map((o) => (
            <Combobox.Option value={o.id} key={o.id}>
              <Text size="sm">{o.title}</Text>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

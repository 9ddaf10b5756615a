import type { Ticket } from '@desk/contracts';
import { Alert, Anchor, Grid, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowLeft, IconCircleCheck, IconLock, IconPlayerPause, IconX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../api/client';
import { useTicketByNumber } from '../api/deskTools';
import { useAttachments, useComments, useHistory, useTicket } from '../api/hooks';
import { useMeRequired } from '../auth/AuthContext';
import { PriorityBadge, StatusBadge } from '../components/Badges';
import { SlaPanel } from '../components/SlaClock';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { TicketKnowledge } from '../components/kb/TicketKnowledge';
import { AttachmentsPanel } from '../components/ticket/AttachmentsPanel';
import { LinksPanel } from '../components/ticket/LinksPanel';
import { ReplyBox } from '../components/ticket/ReplyBox';
import { RequesterPanel } from '../components/ticket/RequesterPanel';
import { AgentActions } from '../components/ticket/TicketActions';
import { TicketTimeline } from '../components/ticket/TicketTimeline';
import { formatDateTime, useTimeZone } from '../lib/dates';
import { canComment, canWork, isAgent, shownStatus } from '../lib/roles';
import { useDocumentTitle } from '../lib/title';

const FINAL = ['closed', 'cancelled'];

function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h5" mb="sm" id={id}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Detail({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}

function Details({ ticket, agent }: { ticket: Ticket; agent: boolean }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="xs">
      <Detail label={t('ticket.kind')} value={t(`kind.${ticket.kind}`)} />
      <Detail label={t('ticket.category')} value={ticket.category?.name ?? t('common.none')} />
      <Detail label={t('ticket.impact')} value={t(`impact.${String(ticket.impact) as '1'}`)} />
      <Detail label={t('ticket.urgency')} value={t(`urgency.${String(ticket.urgency) as '1'}`)} />
      <Detail label={t('ticket.requester')} value={ticket.requester.name} />
      {agent &&
        (ticket.requester.phone || ticket.requester.locationRoom || ticket.requester.locationFloor) && (
          <Detail
            label={t('tools.contact')}
            value={
              <span data-testid="requester-contact">
                {[
                  ticket.requester.phone,
                  ticket.requester.locationRoom,
                  ticket.requester.locationFloor && `${t('tools.floor')} ${ticket.requester.locationFloor}`,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            }
          />
        )}
      <Detail label={t('ticket.unit')} value={ticket.unit.name} />
      <Detail label={t('ticket.tier')} value={ticket.tier === 2 ? t('ticket.tier2') : t('ticket.tier1')} />
      {ticket.team && <Detail label={t('ticket.team')} value={ticket.team.name} />}
      <Detail label={t('ticket.assignee')} value={ticket.assignee?.name ?? t('tickets.unassigned')} />
      <Detail label={t('ticket.channel')} value={t(`channel.${ticket.channel}`)} />
      <Detail label={t('ticket.createdAt')} value={formatDateTime(ticket.createdAt, tz)} />
    </SimpleGrid>
  );
}

/** `/tiket/TIK-2026-000033`: the ticket by its number (404 looks like any missing ticket). */
export function TicketByNumberPage() {
  const { number } = useParams();
  const found = useTicketByNumber(number);
  if (found.isPending) return <LoadingState />;
  if (found.isError) {
    const err = found.error;
    if (isApiError(err) && (err.status === 404 || err.status === 400)) return <TicketNotFound />;
    return <ErrorState error={err} onRetry={() => void found.refetch()} />;
  }
  return <TicketPage ticketId={found.data.id} />;
}

function TicketNotFound() {
  const { t } = useTranslation();
  return (
    <EmptyState
      title={t('ticket.notFoundTitle')}
      text={t('ticket.notFoundText')}
      action={
        <Anchor component={Link} to="/">
          {t('notFound.home')}
        </Anchor>
      }
    />
  );
}

export function TicketPage({ ticketId }: { ticketId?: string } = {}) {
  const params = useParams();
  const id = ticketId ?? params.id;
  const { t } = useTranslation();
  const me = useMeRequired();
  const ticketQuery = useTicket(id);
  const ticket = ticketQuery.data;
  const agentUser = isAgent(me);
  const tz = useTimeZone();
  const comments = useComments(id!, !!ticket);
  const attachments = useAttachments(id!, !!ticket);
  const history = useHistory(id!, !!ticket && agentUser);
  // Wide screens: SLA clocks beside the conversation; phones: right under the title.
  const wide = useMediaQuery('(min-width: 62em)', true);
  useDocumentTitle(ticket ? `${ticket.number} ${ticket.title}` : null);

  if (ticketQuery.isPending) return <LoadingState />;
  if (ticketQuery.isError) {
    const err = ticketQuery.error;
    // 404 is also what a ticket of another PD answers: the same page, no hint that it exists.
    if (isApiError(err) && (err.status === 404 || err.status === 400)) return <TicketNotFound />;
    return <ErrorState error={err} onRetry={() => void ticketQuery.refetch()} />;
  }
  if (!ticket) return null;

  const worker = canWork(me, ticket);
  const commenter = canComment(me, ticket);
  const isRequester = ticket.requester.id === me.id;
  const closed = FINAL.includes(ticket.status);
  const historyItems = agentUser ? (history.data ?? null) : null;

  return (
    <Stack gap="md" data-testid="ticket-page">
      <Anchor component={Link} to={worker ? '/workspace' : '/tickets'} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('common.back')}
        </Group>
      </Anchor>
      <Stack gap={6}>
        <Group gap="xs">
          <Text className="ticket-number" fw={700} c="dimmed" data-testid="ticket-number">
            {ticket.number}
          </Text>
          <StatusBadge status={shownStatus(me, ticket)} />
          <PriorityBadge priority={ticket.priority} />
        </Group>
        <Title order={1} size="h3" style={{ overflowWrap: 'anywhere' }}>
          {ticket.title}
        </Title>
      </Stack>

      {worker && <AgentActions ticket={ticket} me={me} />}

      {ticket.status === 'pending' && ticket.pendingReason && (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconPlayerPause aria-hidden />}
          title={t('ticket.pendingReason')}
        >
          <Text size="sm" className="pre-wrap">
            {ticket.pendingReason}
          </Text>
          {ticket.pendingUntil && (
            <Text size="sm" mt={4} data-testid="pending-until">
              {t('tools.pendingUntil', { at: formatDateTime(ticket.pendingUntil, tz) })}
            </Text>
          )}
        </Alert>
      )}
      {ticket.resolution && (ticket.status === 'resolved' || ticket.status === 'closed') && (
        <Alert
          color="ok"
          variant="light"
          icon={<IconCircleCheck aria-hidden />}
          title={t('ticket.resolutionTitle')}
          data-testid="resolution"
        >
          <Text size="sm" className="pre-wrap">
            {ticket.resolution}
          </Text>
        </Alert>
      )}
      {ticket.status === 'cancelled' && ticket.cancelReason && (
        <Alert color="gray" variant="light" icon={<IconX aria-hidden />} title={t('ticket.cancelReason')}>
          <Text size="sm" className="pre-wrap">
            {ticket.cancelReason}
          </Text>
        </Alert>
      )}
      {isRequester && <RequesterPanel ticket={ticket} />}
      {!wide && <SlaPanel ticket={ticket} />}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Section title={t('ticket.description')} id="sec-desc">
              <Text size="sm" className="pre-wrap">
                {ticket.description}
              </Text>
            </Section>
            <Section title={t('ticket.timeline')} id="sec-timeline">
              {comments.isPending || (agentUser && history.isPending) ? (
                <LoadingState />
              ) : comments.isError ? (
                <ErrorState error={comments.error} onRetry={() => void comments.refetch()} />
              ) : (
                <TicketTimeline
                  ticket={ticket}
                  comments={comments.data ?? []}
                  history={historyItems}
                  attachments={attachments.data ?? []}
                />
              )}
            </Section>
            {(commenter || isRequester) &&
              (closed ? (
                <Text size="sm" c="dimmed">
                  <IconLock size={14} aria-hidden /> {t('ticket.commentsClosed')}
                </Text>
              ) : (
                <ReplyBox ticketId={ticket.id} agent={commenter} />
              ))}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            {wide && <SlaPanel ticket={ticket} />}
            <Section title={t('ticket.details')} id="sec-details">
              <Details ticket={ticket} agent={agentUser} />
            </Section>
            {(agentUser || isRequester) && (
              <Section title={t('kb.related')} id="sec-kb">
                <TicketKnowledge ticket={ticket} agent={agentUser} />
              </Section>
            )}
            {agentUser && (
              <Section title={t('tools.links')} id="sec-links">
                <LinksPanel ticketId={ticket.id} canEdit={worker} />
              </Section>
            )}
            <Section title={t('ticket.attachments')} id="sec-att">
              {attachments.isPending ? (
                <LoadingState />
              ) : (
                <AttachmentsPanel
                  ticketId={ticket.id}
                  attachments={attachments.data ?? []}
                  canUpload={(worker || isRequester) && !closed}
                  agent={worker}
                />
              )}
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

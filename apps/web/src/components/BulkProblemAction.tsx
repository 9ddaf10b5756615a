import type { Me, Ticket } from '@desk/contracts';
import { Alert, Button, Checkbox, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { IconBug } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCreateProblem } from '../api/changes';
import { isApiError } from '../api/client';
import { notify } from '../lib/notify';
import { problemMessage } from '../lib/problem';
import { hasRole } from '../lib/roles';
import { FormActions } from './FormActions';

/**
 * "Create a problem" from the tickets selected in a list (Tier 2 and supervisors, who work problems):
 * the problem form with those tickets ticked. The api links only tickets the user may see (400 naming
 * `ticketIds` otherwise).
 */
export function BulkProblemAction({
  selected,
  me,
  onDone,
}: {
  selected: Ticket[];
  me: Me;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!hasRole(me, 'tier2', 'supervisor') || !selected.length) return null;
  return (
    <>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconBug size={14} aria-hidden />}
        onClick={() => setOpen(true)}
      >
        {t('tools.bulkProblem')}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t('problems.newFromTickets')}
        centered
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {open && <ProblemFromTickets tickets={selected} onClose={() => setOpen(false)} onDone={onDone} />}
      </Modal>
    </>
  );
}

function ProblemFromTickets({
  tickets,
  onClose,
  onDone,
}: {
  tickets: Ticket[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateProblem();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [ids, setIds] = useState(() => tickets.map((tk) => tk.id));
  const errors: Record<string, string> = isApiError(create.error)
    ? Object.fromEntries(create.error.fieldErrors().map((e) => [e.field, e.message]))
    : {};

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { title, description, ticketIds: ids },
      {
        onSuccess: (p) => {
          notify(t('problems.created', { number: p.number }));
          onClose();
          onDone();
          void navigate(`/problems/${p.id}`);
        },
      },
    );
  };
  return (
    <Stack gap="sm" component="form" onSubmit={submit}>
      {create.isError && (
        <Alert color="red" role="alert">
          {problemMessage(create.error, t)}
        </Alert>
      )}
      <TextInput
        label={t('problems.fieldTitle')}
        required
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={errors.title}
        data-autofocus
      />
      <Textarea
        label={t('problems.description')}
        required
        autosize
        minRows={3}
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        error={errors.description}
      />
      <Checkbox.Group
        label={t('problems.tickets')}
        value={ids}
        onChange={setIds}
        error={errors.ticketIds}
        data-testid="problem-from-tickets"
      >
        <Stack gap={4} mt={4}>
          {tickets.map((tk) => (
            <Checkbox key={tk.id} value={tk.id} label={`${tk.number} · ${tk.title}`} />
          ))}
        </Stack>
      </Checkbox.Group>
      <FormActions submitLabel={t('common.save')} loading={create.isPending} onCancel={onClose} />
    </Stack>
  );
}

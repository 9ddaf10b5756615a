import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCreateChange } from '../../api/changes';
import { PageHeader } from '../../components/PageHeader';
import { notify } from '../../lib/notify';
import { Stack } from '@mantine/core';
import { ChangeForm, changeBody, emptyChangeForm } from './ChangeForm';

/** Files a change: what, where, risk, plans, window and links. */
export function NewChangePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateChange();
  const [initial] = useState(emptyChangeForm);
  return (
    <Stack gap="sm">
      <PageHeader title={t('changes.new')} subtitle={t('changes.subtitle')} />
      <ChangeForm
        initial={initial}
        editing={false}
        error={create.error}
        pending={create.isPending}
        submitLabel={t('changes.submit')}
        onCancel={() => void navigate('/changes')}
        onSubmit={async (v) => {
          const { body, unknownTickets } = await changeBody(v, null);
          if (unknownTickets.length) return unknownTickets;
          create.mutate(body, {
            onSuccess: (c) => {
              notify(t('changes.created', { number: c.number }));
              void navigate(`/changes/${c.id}`);
            },
          });
          return [];
        }}
      />
    </Stack>
  );
}

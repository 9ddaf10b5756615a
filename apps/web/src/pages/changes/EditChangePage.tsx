import type { Change } from '@desk/contracts';
import { Alert, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useChange, useUpdateChange } from '../../api/changes';
import { PageHeader } from '../../components/PageHeader';
import { notify } from '../../lib/notify';
import { ChangeForm, changeBody, changeFormValues } from './ChangeForm';
import { PhaseBadge, RecordGate } from './shared';

/**
 * Edits a change while it may still be edited (planning, analysis, development). Saving an approved
 * change sends it back for approval: the form says so before, and the notice after.
 */
export function EditChangePage() {
  const { id = '' } = useParams();
  const change = useChange(id);
  return <RecordGate query={change}>{(c) => <EditChange change={c} />}</RecordGate>;
}

function EditChange({ change: c }: { change: Change }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const update = useUpdateChange(c.id);
  // The form starts from the change as first loaded, and saves against that version: a change
  // someone else saved meanwhile answers 409 instead of being overwritten.
  const [{ initial, version }] = useState(() => ({ initial: changeFormValues(c), version: c.version }));
  const back = () => void navigate(`/changes/${c.id}`);
  return (
    <Stack gap="sm">
      <PageHeader title={t('changes.edit', { number: c.number })} subtitle={<PhaseBadge phase={c.phase} />} />
      {!c.canEdit ? (
        <Alert color="yellow" role="status">
          {t('changes.notEditable')}
        </Alert>
      ) : (
        <ChangeForm
          key={c.id}
          initial={initial}
          change={c}
          editing
          error={update.error}
          pending={update.isPending}
          submitLabel={t('common.save')}
          notice={
            c.approvalStatus === 'approved' && (
              <Alert color="yellow" role="status" data-testid="reapproval-warning">
                {t('changes.reapprovalWarning')}
              </Alert>
            )
          }
          onCancel={back}
          onSubmit={async (v) => {
            const { body, unknownTickets } = await changeBody(v, initial);
            if (unknownTickets.length) return unknownTickets;
            if (!Object.keys(body).length) {
              back();
              return [];
            }
            update.mutate(
              { ...body, version },
              {
                onSuccess: (after) => {
                  notify(
                    c.approvalStatus === 'approved' && after.approvalStatus === 'pending'
                      ? t('changes.savedReapproval')
                      : t('changes.saved'),
                  );
                  back();
                },
              },
            );
            return [];
          }}
        />
      )}
    </Stack>
  );
}

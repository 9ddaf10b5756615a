import { Alert, Stack } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useChange, useUpdateChange } from '../../api/changes';
import { isApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { notify } from '../../lib/notify';
import { NotFoundPage } from '../NotFoundPage';
import { ChangeForm, changeBody, changeFormValues } from './ChangeForm';
import { PhaseBadge } from './shared';

/**
 * Edits a change while it may still be edited (planning, analysis, development). Saving an approved
 * change sends it back for approval: the form says so before, and the notice after.
 */
export function EditChangePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const change = useChange(id);
  const update = useUpdateChange(id);
  const initial = useMemo(() => (change.data ? changeFormValues(change.data) : null), [change.data]);
  if (change.isPending) return <LoadingState />;
  if (change.isError)
    return isApiError(change.error) && change.error.status === 404 ? (
      <NotFoundPage />
    ) : (
      <ErrorState error={change.error} onRetry={() => void change.refetch()} />
    );
  const c = change.data;
  const back = () => void navigate(`/changes/${c.id}`);
  return (
    <Stack gap="sm">
      <PageHeader title={t('changes.edit', { number: c.number })} subtitle={<PhaseBadge phase={c.phase} />} />
      {!c.canEdit || !initial ? (
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
              { ...body, version: c.version },
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

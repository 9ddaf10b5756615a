import { CHANGE_RISKS, CHANGE_TYPES } from '@desk/contracts';
import {
  Alert,
  Button,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCreateChange } from '../../api/changes';
import { useUnits } from '../../api/hooks';
import { useMeRequired } from '../../auth/AuthContext';
import { DateTimeInput } from '../../components/LazyDateFields';
import { PageHeader } from '../../components/PageHeader';
import { isCompleteLocal } from '../../lib/local-moment';
import { notify } from '../../lib/notify';
import { problemMessage } from '../../lib/problem';
import { fieldErrors, localToIso } from './shared';

/** The change form: what, where, risk, plans and window. */
export function NewChangePage() {
  const { t } = useTranslation();
  const me = useMeRequired();
  const navigate = useNavigate();
  const units = useUnits();
  const create = useCreateChange();
  const [v, setV] = useState({
    title: '',
    description: '',
    type: 'normal',
    risk: 'medium',
    systems: '',
    affectedUnitIds: [] as string[],
    impactAssessment: '',
    implementationPlan: '',
    rollbackPlan: '',
    plannedStart: '',
    plannedEnd: '',
  });
  const set = (key: keyof typeof v) => (value: string | string[] | null) =>
    setV((s) => ({ ...s, [key]: value ?? '' }));
  // A half-filled moment (a day without its time) is refused here, named on its field.
  const [halfFilled, setHalfFilled] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(create.error), ...halfFilled };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const half = (['plannedStart', 'plannedEnd'] as const).filter((k) => v[k] && !isCompleteLocal(v[k]));
    setHalfFilled(Object.fromEntries(half.map((k) => [k, t('common.dateTimeIncomplete')])));
    if (half.length) return;
    create.mutate(
      {
        title: v.title,
        description: v.description,
        type: v.type,
        risk: v.risk,
        systems: v.systems
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        affectedUnitIds: v.affectedUnitIds,
        impactAssessment: v.impactAssessment,
        implementationPlan: v.implementationPlan,
        rollbackPlan: v.rollbackPlan,
        plannedStart: localToIso(v.plannedStart),
        plannedEnd: localToIso(v.plannedEnd),
      },
      {
        onSuccess: (c) => {
          notify(t('changes.created', { number: c.number }));
          void navigate(`/changes/${c.id}`);
        },
      },
    );
  };

  const otherUnits = (units.data ?? []).filter((u) => u.kind === 'pd' && u.id !== me.unitId);
  return (
    <Stack gap="sm" component="form" onSubmit={submit} maw={820}>
      <PageHeader title={t('changes.new')} subtitle={t('changes.subtitle')} />
      {create.isError && (
        <Alert color="red" role="alert">
          {problemMessage(create.error, t)}
        </Alert>
      )}
      <TextInput
        label={t('changes.fieldTitle')}
        required
        value={v.title}
        onChange={(e) => set('title')(e.currentTarget.value)}
        error={errors.title}
      />
      <Textarea
        label={t('changes.description')}
        required
        autosize
        minRows={3}
        value={v.description}
        onChange={(e) => set('description')(e.currentTarget.value)}
        error={errors.description}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('changes.type')}
          data={CHANGE_TYPES.map((x) => ({ value: x, label: t(`changes.types.${x}`) }))}
          value={v.type}
          onChange={set('type')}
          allowDeselect={false}
          error={errors.type}
        />
        <Select
          label={t('changes.risk')}
          data={CHANGE_RISKS.map((x) => ({ value: x, label: t(`changes.risks.${x}`) }))}
          value={v.risk}
          onChange={set('risk')}
          allowDeselect={false}
          error={errors.risk}
        />
      </SimpleGrid>
      <TextInput
        label={t('changes.systems')}
        description={t('changes.systemsHint')}
        required
        value={v.systems}
        onChange={(e) => set('systems')(e.currentTarget.value)}
        error={errors.systems}
      />
      <MultiSelect
        label={t('changes.affectedUnits')}
        data={otherUnits.map((u) => ({ value: u.id, label: u.name }))}
        value={v.affectedUnitIds}
        onChange={set('affectedUnitIds')}
        searchable
        clearable
        error={errors.affectedUnitIds}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateTimeInput
          label={t('changes.plannedStart')}
          required
          value={v.plannedStart}
          onChange={set('plannedStart')}
          error={errors.plannedStart}
        />
        <DateTimeInput
          label={t('changes.plannedEnd')}
          required
          value={v.plannedEnd}
          onChange={set('plannedEnd')}
          error={errors.plannedEnd}
          minDate={v.plannedStart ? v.plannedStart.slice(0, 10) : undefined}
        />
      </SimpleGrid>
      <Textarea
        label={t('changes.impactAssessment')}
        autosize
        minRows={2}
        value={v.impactAssessment}
        onChange={(e) => set('impactAssessment')(e.currentTarget.value)}
        error={errors.impactAssessment}
      />
      <Textarea
        label={t('changes.implementationPlan')}
        autosize
        minRows={2}
        value={v.implementationPlan}
        onChange={(e) => set('implementationPlan')(e.currentTarget.value)}
        error={errors.implementationPlan}
      />
      <Textarea
        label={t('changes.rollbackPlan')}
        autosize
        minRows={2}
        value={v.rollbackPlan}
        onChange={(e) => set('rollbackPlan')(e.currentTarget.value)}
        error={errors.rollbackPlan}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={() => void navigate('/changes')}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" loading={create.isPending}>
          {t('changes.submit')}
        </Button>
      </Group>
    </Stack>
  );
}

import { CHANGE_RISKS, CHANGE_TYPES, type Change } from '@desk/contracts';
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
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ticketIdsByNumber, useIncidentChoices, useProblemChoices } from '../../api/changes';
import { useUnits } from '../../api/hooks';
import { useMeRequired } from '../../auth/AuthContext';
import { DateTimeInput } from '../../components/LazyDateFields';
import { isCompleteLocal } from '../../lib/local-moment';
import { problemMessage } from '../../lib/problem';
import { fieldErrors, isoToLocal, localToIso } from './shared';

export interface ChangeFormValues {
  title: string;
  description: string;
  type: string;
  risk: string;
  systems: string;
  affectedUnitIds: string[];
  impactAssessment: string;
  implementationPlan: string;
  rollbackPlan: string;
  plannedStart: string;
  plannedEnd: string;
  /** Ticket numbers, separated by commas or spaces. */
  ticketNumbers: string;
  problemIds: string[];
  incidentIds: string[];
}

export const emptyChangeForm = (): ChangeFormValues => ({
  title: '',
  description: '',
  type: 'normal',
  risk: 'medium',
  systems: '',
  affectedUnitIds: [],
  impactAssessment: '',
  implementationPlan: '',
  rollbackPlan: '',
  plannedStart: '',
  plannedEnd: '',
  ticketNumbers: '',
  problemIds: [],
  incidentIds: [],
});

/** The form's values for an existing change (times in the browser's zone, as the inputs show them). */
export const changeFormValues = (c: Change): ChangeFormValues => ({
  title: c.title,
  description: c.description,
  type: c.type,
  risk: c.risk,
  systems: c.systems.join(', '),
  affectedUnitIds: c.affectedUnits.map((u) => u.id),
  impactAssessment: c.impactAssessment,
  implementationPlan: c.implementationPlan,
  rollbackPlan: c.rollbackPlan,
  plannedStart: isoToLocal(c.plannedStart),
  plannedEnd: isoToLocal(c.plannedEnd),
  ticketNumbers: c.tickets.map((t) => t.number).join(', '),
  problemIds: c.problems.map((p) => p.id),
  incidentIds: c.incidents.map((i) => i.id),
});

const splitSystems = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const splitNumbers = (v: string) =>
  v
    .split(/[\s,;]+/)
    .map((n) => n.trim().toUpperCase())
    .filter(Boolean);
const sameList = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * The request body for the form: everything for a new change; for an edit only what differs from
 * `initial` (so an untouched window is not "moved" by the minute-precision inputs).
 */
export async function changeBody(
  v: ChangeFormValues,
  initial: ChangeFormValues | null,
): Promise<{ body: Record<string, unknown>; unknownTickets: string[] }> {
  const body: Record<string, unknown> = {};
  const differs = (key: keyof ChangeFormValues) => !initial || initial[key] !== v[key];
  for (const key of [
    'title',
    'description',
    'risk',
    'impactAssessment',
    'implementationPlan',
    'rollbackPlan',
  ] as const)
    if (differs(key)) body[key] = v[key];
  if (!initial) body.type = v.type;
  if (!initial || !sameList(splitSystems(initial.systems), splitSystems(v.systems)))
    body.systems = splitSystems(v.systems);
  for (const key of ['affectedUnitIds', 'problemIds', 'incidentIds'] as const)
    if (!initial || !sameList(initial[key], v[key])) body[key] = v[key];
  for (const key of ['plannedStart', 'plannedEnd'] as const) if (differs(key)) body[key] = localToIso(v[key]);
  let unknownTickets: string[] = [];
  const numbers = splitNumbers(v.ticketNumbers);
  if (!initial || !sameList(splitNumbers(initial.ticketNumbers), numbers)) {
    const found = await ticketIdsByNumber(numbers);
    unknownTickets = found.unknown;
    body.ticketIds = found.ids;
  }
  return { body, unknownTickets };
}

/**
 * The change form, for a new change and for an edit: what, where, risk, plans, window and links
 * (tickets by number, problems and security incidents the user may see).
 */
export function ChangeForm({
  initial,
  change,
  editing,
  error,
  pending,
  notice,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: ChangeFormValues;
  change?: Change;
  editing: boolean;
  error: unknown;
  pending: boolean;
  notice?: ReactNode;
  submitLabel: string;
  onSubmit: (values: ChangeFormValues) => Promise<string[]>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const me = useMeRequired();
  const units = useUnits();
  const problems = useProblemChoices();
  const incidents = useIncidentChoices();
  const [v, setV] = useState(initial);
  const [unknown, setUnknown] = useState<string[]>([]);
  const set = (key: keyof ChangeFormValues) => (value: string | string[] | null) =>
    setV((s) => ({ ...s, [key]: value ?? '' }));
  // A half-filled moment (a day without its time) is refused here, named on its field.
  const [halfFilled, setHalfFilled] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(error), ...halfFilled };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const half = (['plannedStart', 'plannedEnd'] as const).filter((k) => v[k] && !isCompleteLocal(v[k]));
    setHalfFilled(Object.fromEntries(half.map((k) => [k, t('common.dateTimeIncomplete')])));
    if (half.length) return;
    void onSubmit(v).then(setUnknown);
  };

  const owner = change?.owningUnit.id ?? me.unitId;
  const otherUnits = (units.data ?? []).filter((u) => u.kind === 'pd' && u.id !== owner);
  // The current links stay selectable even when they are not among the latest listed.
  const problemData = mergeChoices(
    (problems.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.number} · ${p.title}` })),
    (change?.problems ?? []).map((p) => ({ value: p.id, label: `${p.number} · ${p.title}` })),
  );
  const incidentData = mergeChoices(
    (incidents.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.number} · ${i.title}` })),
    (change?.incidents ?? []).map((i) => ({ value: i.id, label: `${i.number} · ${i.title}` })),
  );
  return (
    <Stack gap="sm" component="form" onSubmit={submit} maw={820}>
      {notice}
      {!!error && (
        <Alert color="red" role="alert">
          {problemMessage(error, t)}
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
          description={editing ? t('changes.typeFixed') : undefined}
          data={CHANGE_TYPES.map((x) => ({ value: x, label: t(`changes.types.${x}`) }))}
          value={v.type}
          onChange={set('type')}
          allowDeselect={false}
          disabled={editing}
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
      <TextInput
        label={t('changes.ticketNumbers')}
        description={t('changes.ticketNumbersHint')}
        value={v.ticketNumbers}
        onChange={(e) => set('ticketNumbers')(e.currentTarget.value)}
        error={
          unknown.length
            ? unknown.map((n) => t('problems.unknownTicket', { number: n })).join('; ')
            : errors.ticketIds
        }
      />
      <MultiSelect
        label={t('changes.linkedProblems')}
        data={problemData}
        value={v.problemIds}
        onChange={set('problemIds')}
        searchable
        clearable
        nothingFoundMessage={t('changes.nothingFound')}
        error={errors.problemIds}
      />
      <MultiSelect
        label={t('changes.linkedIncidents')}
        description={t('changes.incidentsHint')}
        data={incidentData}
        value={v.incidentIds}
        onChange={set('incidentIds')}
        searchable
        clearable
        nothingFoundMessage={t('changes.nothingFound')}
        error={errors.incidentIds}
        data-testid="change-incident-picker"
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
      </Group>
    </Stack>
  );
}

function mergeChoices(
  listed: { value: string; label: string }[],
  current: { value: string; label: string }[],
): { value: string; label: string }[] {
  const seen = new Set(listed.map((c) => c.value));
  return [...listed, ...current.filter((c) => !seen.has(c.value))];
}

import { OutboxRepository, TransactionRunner } from '@desk/database';
import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { CreateSlaPolicyDto, UpdateSlaPolicyDto } from './dto/sla-policy.dto';
import { SlaRepository } from './sla.repository';
import { SlaErrors } from './sla.errors';
import { durationSeconds } from './sla.validation';
import { ClockName, LadderLevel, SlaPolicy } from './sla.types';
import { FieldError, RefreshingValue } from '@desk/common';

const CACHE_MS = 5_000;
/** Written when a policy changes; the worker recomputes the running clocks that use it. */
export const POLICY_CHANGED_EVENT = 'sla.policy_changed';

/** Used when no policy matches at all (an admin deleted the defaults' match): P3-like, business hours. */
export const FALLBACK_POLICY: SlaPolicy = {
  id: null as unknown as string,
  name: 'Fallback',
  kind: null,
  priority: null,
  responseTarget: 'PT2H',
  resolutionTarget: 'PT24H',
  tier2ResponseTarget: 'PT4H',
  responseSeconds: 7_200,
  resolutionSeconds: 86_400,
  tier2ResponseSeconds: 14_400,
  calendar: 'business',
  warnAt: 0.75,
  autoEscalateOnBreach: true,
  ladder: [],
  createdAt: '',
  updatedAt: '',
};

export const targetOf = (p: SlaPolicy, clock: ClockName): number =>
  clock === ClockName.Response
    ? p.responseSeconds
    : clock === ClockName.Resolution
      ? p.resolutionSeconds
      : p.tier2ResponseSeconds;

/** SLA policies: the admin API and the matching used by every clock (cached briefly per process). */
@Injectable()
export class SlaPolicyService {
  private readonly cached = new RefreshingValue(
    async () => (await this.repo.listPolicies()).map(fromRow),
    CACHE_MS,
  );

  constructor(
    private readonly repo: SlaRepository,
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Every policy, from the per-process cache (the clocks' hot path). */
  cachedPolicies(): Promise<SlaPolicy[]> {
    return this.cached.get();
  }

  /** The most specific policy for a kind and priority: kind and priority, then kind, then priority, then any. */
  async match(kind: string, priority: string): Promise<SlaPolicy> {
    return matchPolicy(await this.cachedPolicies(), kind, priority);
  }

  /** Forgets the cached policies (after a change made by another process). */
  invalidate(): void {
    this.cached.invalidate();
  }

  /** A policy by id (cached), for firing a clock with the rules it was placed with. */
  async byId(id: string | null): Promise<SlaPolicy | null> {
    if (!id) return null;
    return (await this.cachedPolicies()).find((p) => p.id === id) ?? null;
  }

  async list(): Promise<SlaPolicy[]> {
    return (await this.repo.listPolicies()).map(fromRow);
  }

  async get(id: string): Promise<SlaPolicy> {
    const p = await this.repo.findPolicy(id);
    if (!p) throw SlaErrors.policyNotFound();
    return fromRow(p);
  }

  async create(dto: CreateSlaPolicyDto): Promise<SlaPolicy> {
    const policy = build(
      {
        ...FALLBACK_POLICY,
        ladder: [],
        kind: null,
        priority: null,
      },
      dto,
    );
    const id = await this.write(() => this.tx.run((em) => this.repo.insertPolicy(em, policy)));
    this.cached.invalidate();
    return this.get(id);
  }

  async update(id: string, dto: UpdateSlaPolicyDto): Promise<SlaPolicy> {
    const current = await this.get(id);
    const policy = build(current, dto);
    await this.write(() =>
      this.tx.run(async (em) => {
        await this.repo.updatePolicy(em, policy);
        await this.outbox.add(em, [
          { type: POLICY_CHANGED_EVENT, aggregateType: 'sla_policy', aggregateId: id, payload: {} },
        ]);
      }),
    );
    this.cached.invalidate();
    return this.get(id);
  }

  private async write<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof QueryFailedError && (error as { code?: string }).code === '23505')
        throw SlaErrors.duplicateMatch();
      throw error;
    }
  }
}

export function matchPolicy(policies: SlaPolicy[], kind: string, priority: string): SlaPolicy {
  let best: SlaPolicy | null = null;
  let bestScore = -1;
  for (const p of policies) {
    if ((p.kind && p.kind !== kind) || (p.priority && p.priority !== priority)) continue;
    const score = (p.kind ? 2 : 0) + (p.priority ? 1 : 0);
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return best ?? FALLBACK_POLICY;
}

function fromRow(p: SlaPolicy): SlaPolicy {
  return {
    ...p,
    warnAt: Number(p.warnAt),
    createdAt: new Date(p.createdAt).toISOString(),
    updatedAt: new Date(p.updatedAt).toISOString(),
  };
}

/** Applies a create or patch body to a policy, with every bad field named. */
function build(base: SlaPolicy, dto: UpdateSlaPolicyDto): SlaPolicy {
  const errors: FieldError[] = [];
  const next: SlaPolicy = { ...base };
  if (dto.name !== undefined) next.name = dto.name;
  if (dto.kind !== undefined) next.kind = dto.kind ?? null;
  if (dto.priority !== undefined) next.priority = dto.priority ?? null;
  const durations = [
    ['responseTarget', 'responseSeconds'],
    ['resolutionTarget', 'resolutionSeconds'],
    ['tier2ResponseTarget', 'tier2ResponseSeconds'],
  ] as const;
  for (const [field, seconds] of durations) {
    const value = dto[field];
    if (value === undefined) continue;
    const r = durationSeconds(field, value);
    if (typeof r === 'number') {
      next[field] = value;
      next[seconds] = r;
    } else errors.push(r);
  }
  if (dto.calendar !== undefined) next.calendar = dto.calendar;
  if (dto.warnAt !== undefined) next.warnAt = dto.warnAt;
  if (dto.autoEscalateOnBreach !== undefined) next.autoEscalateOnBreach = dto.autoEscalateOnBreach;
  if (dto.ladder !== undefined) {
    next.ladder = dto.ladder.map((l) => {
      const level: LadderLevel = { at: l.at, notify: [...new Set(l.notify)] };
      if (l.action) level.action = l.action;
      return level;
    });
    next.ladder.forEach((l, i) => {
      if (i > 0 && l.at <= next.ladder[i - 1].at)
        errors.push({
          field: `ladder.${i}.at`,
          message: `ladder.${i}.at must be greater than the level before it`,
        });
    });
  }
  if (next.resolutionSeconds < next.responseSeconds)
    errors.push({
      field: 'resolutionTarget',
      message: 'resolutionTarget must not be shorter than responseTarget',
    });
  if (errors.length) throw SlaErrors.invalid(errors);
  return next;
}

import { CHANNELS, LIMITS, REPORT_FREQUENCIES, ROLES, TICKET_KINDS } from '@desk/contracts';
import type { TFunction } from 'i18next';
import { z } from 'zod';

type Translate = TFunction<'translation'>;

/**
 * Form schemas mirroring the api's validation (limits from @desk/contracts' LIMITS), with messages in
 * the current language. Built per render language: `useMemo(() => ticketSchema(t), [t])`.
 */
const text = (t: Translate, min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, { error: min <= 1 ? t('errors.field.required') : t('errors.field.min', { count: min }) })
    .max(max, { error: t('errors.field.max', { count: max }) });

const level = (t: Translate) => z.enum(['1', '2', '3'], { error: t('errors.field.choice') });

export const loginSchema = (t: Translate) =>
  z.object({
    email: z
      .string()
      .trim()
      .min(1, { error: t('errors.field.required') })
      .pipe(z.email({ error: t('errors.field.email') })),
    password: z.string().min(1, { error: t('errors.field.required') }),
  });

export const ticketSchema = (t: Translate) =>
  z.object({
    kind: z.enum(TICKET_KINDS, { error: t('errors.field.choice') }),
    categoryId: z.string().nullable(),
    title: text(t, LIMITS.titleMin, LIMITS.titleMax),
    description: text(t, LIMITS.descriptionMin, LIMITS.descriptionMax),
    impact: level(t),
    urgency: level(t),
    channel: z.enum(CHANNELS),
  });
export type TicketFormValues = z.input<ReturnType<typeof ticketSchema>>;

export const reasonSchema = (t: Translate, min: number = LIMITS.reasonMin) =>
  z.object({ reason: text(t, min, LIMITS.reasonMax) });

export const resolutionSchema = (t: Translate) =>
  z.object({ resolution: text(t, LIMITS.resolutionMin, LIMITS.descriptionMax) });

/** An escalation reason follows the rule of every reason (LIMITS.reasonMin characters). */
export const ESCALATION_REASON_MIN = LIMITS.reasonMin;
export const escalateSchema = (t: Translate) =>
  z.object({ teamId: z.string().nullable(), reason: text(t, ESCALATION_REASON_MIN, LIMITS.reasonMax) });

export const returnSchema = (t: Translate) =>
  z.object({ notes: text(t, LIMITS.reasonMin, LIMITS.reasonMax) });

/** A saved filter's name, as the api checks it (3 to 80 characters). */
export const OVERVIEW_NAME = { min: 3, max: 80 } as const;
export const overviewSchema = (t: Translate) =>
  z.object({ name: text(t, OVERVIEW_NAME.min, OVERVIEW_NAME.max) });

export const commentSchema = (t: Translate) =>
  z.object({ body: text(t, 1, LIMITS.commentMax), internal: z.boolean() });

export const ratingSchema = (t: Translate) =>
  z.object({
    score: z
      .number()
      .int()
      .min(1, { error: t('errors.field.score') })
      .max(5, { error: t('errors.field.score') }),
    comment: z
      .string()
      .trim()
      .max(LIMITS.reasonMax, { error: t('errors.field.max', { count: LIMITS.reasonMax }) }),
  });

const CODE = /^[A-Z0-9][A-Z0-9_-]{1,31}$/;
const code = (t: Translate) =>
  z
    .string()
    .trim()
    .regex(CODE, { error: t('errors.field.code') });

export const unitSchema = (t: Translate) =>
  z.object({ code: code(t), name: text(t, 3, 200), kind: z.enum(['pd', 'dinas']), mandiriTik: z.boolean() });

export const teamSchema = (t: Translate) =>
  z.object({ code: code(t), name: text(t, 3, 200), security: z.boolean() });

export const categorySchema = (t: Translate) =>
  z.object({
    code: code(t),
    name: text(t, 3, 200),
    teamId: z.string({ error: t('errors.field.required') }).min(1, { error: t('errors.field.required') }),
  });

export const userSchema = (t: Translate, creating: boolean) =>
  z.object({
    name: text(t, 2, 200),
    email: z
      .string()
      .trim()
      .pipe(z.email({ error: t('errors.field.email') })),
    password: creating
      ? z
          .string()
          .min(LIMITS.passwordMin, { error: t('errors.field.min', { count: LIMITS.passwordMin }) })
          .max(200)
      : z.union([
          z.literal(''),
          z
            .string()
            .min(LIMITS.passwordMin, { error: t('errors.field.min', { count: LIMITS.passwordMin }) })
            .max(200),
        ]),
    nip: z.union([
      z.literal(''),
      z.string().regex(new RegExp(LIMITS.nipPattern), { error: t('errors.field.nip') }),
    ]),
    unitId: z.string({ error: t('errors.field.required') }).min(1, { error: t('errors.field.required') }),
    roles: z.array(z.enum(ROLES)).min(1, { error: t('errors.field.rolesMin') }),
    teamIds: z.array(z.string()),
    locale: z.enum(['id', 'en']),
    active: z.boolean(),
  });
export type UserFormValues = z.input<ReturnType<typeof userSchema>>;

/** Mirrors CreateReportSubscriptionDto: name 3..120, HH:MM, 1..50 recipients (users or addresses). */
export const RECIPIENTS_MAX = 50;
export const subscriptionSchema = (t: Translate) =>
  z
    .object({
      name: text(t, 3, 120),
      unitId: z.string().min(1, { error: t('errors.field.required') }),
      teamId: z.string().nullable(),
      frequency: z.enum(REPORT_FREQUENCIES, { error: t('errors.field.choice') }),
      sendAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: t('subs.errors.time') }),
      userIds: z.array(z.string()),
      emails: z.array(z.string()),
      active: z.boolean(),
    })
    .superRefine((v, ctx) => {
      // One message on the addresses field, naming the address (a tag has no error of its own).
      const bad = v.emails.find((e) => !z.email().safeParse(e.trim()).success);
      if (bad)
        ctx.addIssue({ code: 'custom', path: ['emails'], message: t('subs.errors.email', { email: bad }) });
      const count = v.userIds.length + v.emails.length;
      if (count === 0)
        ctx.addIssue({ code: 'custom', path: ['emails'], message: t('subs.errors.recipientsMin') });
      if (count > RECIPIENTS_MAX)
        ctx.addIssue({
          code: 'custom',
          path: ['emails'],
          message: t('subs.errors.recipientsMax', { count: RECIPIENTS_MAX }),
        });
    });
export type SubscriptionFormValues = z.input<ReturnType<typeof subscriptionSchema>>;

import { AppConfig } from '@desk/config';
import { sqlRow, sqlRows, TransactionRunner } from '@desk/database';
import {
  Actor,
  OrgRepository,
  PasswordHasher,
  REGION_PRESETS,
  Role,
  Unit,
  UnitKind,
  RegionService,
} from '@desk/org-auth';
import {
  IncidentCategory,
  IncidentPhase,
  IncidentService,
  IncidentSeverity,
  IndicatorType,
} from '@desk/incidents';
import { ArticleKind, ArticleVisibility, KnowledgeService } from '@desk/knowledge';
import { SlaLifecycleHook } from '@desk/sla';
import { ChangePhase, ChangeRisk, ChangeService, ChangeType } from '@desk/changes';
import { ProblemService, ProblemStatus } from '@desk/problems';
import { TicketAction, TicketRepository, TicketService } from '@desk/tickets';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deskName } from '@desk/org-auth';
import { DEMO_ARTICLES } from './demo-articles';
import { DEMO_CATEGORIES, DEMO_PASSWORD, DEMO_PDS, DEMO_TEAMS, DEMO_TICKETS, DEMO_USERS } from './demo-data';

const SEED_LOCK = 7_340_002;

/**
 * First-start data. Always: the region and its Dinas from the DEMO_REGION preset, and the bootstrap
 * admin when BOOTSTRAP_ADMIN_EMAIL is set. With DEMO_SEED: PDs, teams, categories, one user per role
 * and a few dozen tickets, once (skipped when any PD exists). Serialised by an advisory lock so
 * replicas starting together seed once.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly org: OrgRepository,
    private readonly region: RegionService,
    private readonly tx: TransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly tickets: TicketService,
    private readonly ticketRepo: TicketRepository,
    private readonly incidents: IncidentService,
    private readonly knowledge: KnowledgeService,
    private readonly slaHook: SlaLifecycleHook,
    private readonly changes: ChangeService,
    private readonly problems: ProblemService,
  ) {}

  async seed(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await sqlRows(runner, 'SELECT pg_advisory_lock($1)', [SEED_LOCK]);
      const dinas = await this.ensureRegion();
      this.region.forget(); // the time zone just saved, not a fallback read before it
      await this.ensureBootstrapAdmin(dinas);
      if (this.config.DEMO_SEED && !(await this.org.listUnits()).some((u) => u.kind === UnitKind.Pd)) {
        await this.seedDemo(dinas);
      }
      if (this.config.DEMO_SEED) await this.seedArticles();
    } finally {
      await sqlRows(runner, 'SELECT pg_advisory_unlock($1)', [SEED_LOCK]).catch(() => undefined);
      await runner.release();
    }
  }

  private async ensureRegion(): Promise<Unit> {
    const preset = REGION_PRESETS[this.config.DEMO_REGION];
    return this.tx.run(async (em) => {
      if (!(await this.org.region())) {
        await this.org.saveRegion(
          { code: preset.code, name: preset.name, dinasName: preset.dinasName, timezone: preset.timezone },
          em,
        );
      }
      const existing = await sqlRow<{ id: string }>(em, `SELECT id FROM unit WHERE kind = 'dinas'`);
      if (existing) return (await this.org.findUnit(existing.id, em))!;
      return this.org.insertUnit(em, {
        code: preset.dinasCode,
        name: preset.dinasName,
        kind: UnitKind.Dinas,
      });
    });
  }

  private async ensureBootstrapAdmin(dinas: Unit): Promise<void> {
    const email = this.config.BOOTSTRAP_ADMIN_EMAIL?.toLowerCase();
    const password = this.config.BOOTSTRAP_ADMIN_PASSWORD;
    if (!email || !password || (await this.org.emailTaken(email))) return;
    const passwordHash = await this.hasher.hash(password);
    await this.tx.run((em) =>
      this.org.insertUser(em, {
        name: 'Administrator',
        email,
        passwordHash,
        unitId: dinas.id,
        roles: [Role.Admin],
      }),
    );
    this.logger.log(`created the first admin ${email}`);
  }

  private async seedDemo(dinas: Unit): Promise<void> {
    const started = Date.now();
    const passwordHash = await this.hasher.hash(DEMO_PASSWORD);
    const userIds = new Map<string, string>();
    const categoryIds = new Map<string, string>();
    await this.tx.run(async (em) => {
      const units = new Map<string, string>([['DINAS', dinas.id]]);
      for (const pd of DEMO_PDS) {
        const unit = await this.org.insertUnit(em, {
          code: pd.code,
          name: pd.name,
          kind: UnitKind.Pd,
          mandiriTik: !!pd.mandiriTik,
        });
        await this.org.saveDesk(em, unit.id, deskName(unit.name));
        units.set(pd.code, unit.id);
      }
      const teams = new Map<string, string>();
      for (const t of DEMO_TEAMS) {
        const team = await this.org.insertTeam({ code: t.code, name: t.name, security: !!t.security }, em);
        teams.set(t.code, team.id);
      }
      for (const c of DEMO_CATEGORIES) {
        const category = await this.org.insertCategory(
          { code: c.code, name: c.name, teamId: teams.get(c.team) },
          em,
        );
        categoryIds.set(c.code, category.id);
      }
      for (const u of DEMO_USERS) {
        const user = await this.org.insertUser(em, {
          name: u.name,
          email: u.email,
          passwordHash,
          nip: u.nip ?? null,
          unitId: units.get(u.unit)!,
          roles: u.roles,
        });
        await this.org.setTeams(
          em,
          user.id,
          (u.teams ?? []).map((code) => teams.get(code)!),
        );
        userIds.set(u.key, user.id);
      }
    });
    await this.seedTickets(userIds, categoryIds);
    await this.seedChangesAndProblems(userIds);
    await this.seedIncidents(userIds);
    this.logger.log(`demo data seeded in ${Date.now() - started} ms`);
  }

  /** Two security incidents: a phishing report the CSIRT is containing, and a fresh defacement. */
  private async seedIncidents(userIds: Map<string, string>): Promise<void> {
    const actor = async (key: string) => (await this.org.findActor(userIds.get(key)!))!;
    const [requester, other, csirt] = await Promise.all([
      actor('requester'),
      actor('requesterdisdik'),
      actor('csirt'),
    ]);
    const hour = 3600_000;
    const phishing = await this.incidents.report(requester, {
      title: 'Email phishing: dua pegawai memasukkan kata sandi',
      description:
        'Email mengatasnamakan admin email dinas meminta verifikasi akun. Dua pegawai bagian keuangan membuka tautan dan memasukkan kata sandi.',
      category: IncidentCategory.Phishing,
      severity: IncidentSeverity.High,
      affectedSystems: ['Email dinas'],
      detectedAt: new Date(Date.now() - 3 * hour),
      dataSecured: false,
      containmentActions: 'Kata sandi kedua akun sudah diganti.',
    });
    await this.incidents.assign(csirt, phishing.id, { assigneeId: csirt.id });
    await this.incidents.addIndicator(csirt, phishing.id, {
      type: IndicatorType.Domain,
      value: 'verifikasi-email-dinas.example',
    });
    await this.incidents.addIndicator(csirt, phishing.id, {
      type: IndicatorType.Ipv4,
      value: '203.0.113.45',
    });
    for (const [phase, note] of [
      [IncidentPhase.Triage, 'Dua akun terdampak; log login diperiksa.'],
      [IncidentPhase.Containment, 'Sesi aktif kedua akun dicabut, domain pengirim diblokir.'],
    ] as const)
      await this.incidents.changePhase(csirt, phishing.id, { phase, note });
    await this.incidents.report(other, {
      title: 'Tampilan situs sekolah berubah (defacement)',
      description: 'Halaman depan situs dinas menampilkan pesan peretas sejak pagi.',
      category: IncidentCategory.Defacement,
      severity: IncidentSeverity.Critical,
      affectedSystems: ['Website dinas'],
      detectedAt: new Date(Date.now() - hour / 2),
      dataSecured: true,
    });
  }

  /**
   * The demo's knowledge base, published by the demo supervisor: once, when the demo supervisor
   * exists and the knowledge base is empty (also for a demo database seeded before it existed).
   */
  private async seedArticles(): Promise<void> {
    const articles = await sqlRow<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM kb_article`,
    );
    const supervisor = await sqlRow<{ id: string }>(
      this.dataSource,
      `SELECT id FROM app_user WHERE email = $1`,
      [DEMO_USERS.find((u) => u.key === 'supervisor')!.email],
    );
    if ((articles?.n ?? 0) > 0 || !supervisor) return;
    const actor = (await this.org.findActor(supervisor.id))!;
    const categories = new Map<string, string>(
      (await sqlRows<{ id: string; code: string }>(this.dataSource, `SELECT id, code FROM category`)).map(
        (c) => [c.code, c.id],
      ),
    );
    for (const a of DEMO_ARTICLES) {
      const article = await this.knowledge.create(actor, {
        title: a.title,
        body: a.body,
        kind: a.kind as ArticleKind,
        visibility: a.visibility as ArticleVisibility,
        categoryId: categories.get(a.category) ?? null,
        tags: a.tags,
        symptom: a.symptom ?? null,
        cause: a.cause ?? null,
        workaround: a.workaround ?? null,
      });
      await this.knowledge.act(actor, article.id, 'submit');
      await this.knowledge.act(actor, article.id, 'publish');
    }
    this.logger.log(`seeded ${DEMO_ARTICLES.length} knowledge-base articles`);
  }

  /** Tier 1 hands the ticket to a Dinas team (or the SLA engine does); Tier 2 may claim or return it. */
  private async escalate(
    ticketId: string,
    e: NonNullable<(typeof DEMO_TICKETS)[number]['escalation']>,
    tier1: Actor,
    tier2: Actor,
  ): Promise<void> {
    const team = e.team
      ? await sqlRow<{ id: string }>(this.dataSource, `SELECT id FROM team WHERE code = $1`, [e.team])
      : null;
    if (e.automatic) await this.tickets.escalate(null, ticketId, { teamId: team?.id, reason: e.reason });
    else await this.tickets.escalate(tier1, ticketId, { teamId: team?.id, reason: e.reason });
    if (e.then === 'claimed') {
      await this.tickets.act(tier2, ticketId, TicketAction.Claim, {});
      await this.tickets.act(tier2, ticketId, TicketAction.Start, {});
    }
    if (e.then === 'returned') {
      await this.tickets.act(tier2, ticketId, TicketAction.Return, {
        notes:
          'Ruang server sudah disiapkan (VM absensi-01); silakan lanjutkan pemindahan data bersama vendor.',
      });
    }
  }

  private async seedTickets(userIds: Map<string, string>, categoryIds: Map<string, string>): Promise<void> {
    const actor = async (key: string) => (await this.org.findActor(userIds.get(key)!))!;
    const keysFor = (pd: string) =>
      pd === 'DINKES'
        ? { requester: 'requester', tier1: 'tier1' }
        : pd === 'DISDIKBUD'
          ? { requester: 'requesterdisdik', tier1: 'tier1disdik' }
          : { requester: `requester-${pd}`, tier1: `tier1-${pd}` };
    for (const spec of DEMO_TICKETS) {
      const keys = keysFor(spec.pd);
      const requester = await actor(keys.requester);
      const tier1 = await actor(keys.tier1);
      const ticket = await this.tickets.create(requester, {
        kind: spec.kind as never,
        title: spec.title,
        description: spec.description,
        categoryId: categoryIds.get(spec.category),
        impact: spec.impact,
        urgency: spec.urgency,
      });
      if (spec.hoursAgo) {
        // Filed that long ago, before anyone worked on it: its clocks are placed again on the working
        // calendar from the earlier start, so every due time falls inside working hours (or anywhere
        // for a 24x7 policy), and the worker then warns, breaches and auto-escalates them.
        const hours = spec.hoursAgo;
        await this.tx.run(async (em) => {
          await this.ticketRepo.backdateFiling(em, ticket.id, hours);
          await this.slaHook.startedEarlier(em, ticket.id, hours);
        });
      }
      const steps: [TicketAction, Record<string, string>, 'tier1' | 'requester'][] = [];
      const flow = spec.flow;
      if (flow !== 'new' && flow !== 'cancelled') steps.push([TicketAction.Claim, {}, 'tier1']);
      if (['in_progress', 'pending', 'resolved', 'closed'].includes(flow))
        steps.push([TicketAction.Start, {}, 'tier1']);
      if (flow === 'pending')
        steps.push([TicketAction.Pend, { reason: 'Menunggu konfirmasi dari pemohon' }, 'tier1']);
      if (flow === 'resolved' || flow === 'closed') {
        steps.push([
          TicketAction.Resolve,
          { resolution: 'Sudah ditangani oleh teknisi Tier 1 dan diuji bersama pemohon.' },
          'tier1',
        ]);
      }
      if (flow === 'closed') steps.push([TicketAction.Close, {}, 'requester']);
      if (flow === 'cancelled')
        steps.push([TicketAction.Cancel, { reason: 'Sudah teratasi sendiri oleh pemohon' }, 'requester']);
      for (const [action, input, who] of steps) {
        await this.tickets.act(who === 'tier1' ? tier1 : requester, ticket.id, action, input);
        // The first response is a reply the requester can see, right after Tier 1 takes the ticket.
        if (action === TicketAction.Claim)
          await this.tickets.addComment(tier1, ticket.id, {
            body: 'Terima kasih, laporan Anda sudah kami terima dan sedang kami periksa.',
          });
      }
      if (spec.escalation) await this.escalate(ticket.id, spec.escalation, tier1, await actor('tier2'));
      if (flow === 'closed')
        await this.tickets.rate(requester, ticket.id, {
          score: 5,
          comment: 'Cepat dan ramah, terima kasih.',
        });
    }
  }

  /**
   * A LAN change of Dinas Kesehatan approved and scheduled this week, an emergency change of the
   * Dinas awaiting approval after its implementation, and a known error behind escalated tickets.
   */
  private async seedChangesAndProblems(userIds: Map<string, string>): Promise<void> {
    const actor = async (key: string) => (await this.org.findActor(userIds.get(key)!))!;
    const [tier1, tier2, supervisor] = [
      await actor('tier1'),
      await actor('tier2'),
      await actor('supervisor'),
    ];
    const day = 24 * 3600_000;
    const start = new Date(Math.ceil((Date.now() + 2 * day) / 3600_000) * 3600_000);
    const lan = await this.changes.create(tier1, {
      title: 'Penggantian switch LAN lantai 2 Dinas Kesehatan',
      description:
        'Switch akses lantai 2 sering mati; diganti switch 48 port dan dilaporkan ke Dinas (Pasal 17 ayat 2).',
      type: ChangeType.Normal,
      systems: ['LAN Dinas Kesehatan'],
      risk: ChangeRisk.Medium,
      impactAssessment: 'Jaringan lantai 2 terputus sekitar dua jam di luar jam layanan.',
      implementationPlan: 'Pasang switch baru, pindahkan kabel per port, uji koneksi tiap ruangan.',
      rollbackPlan: 'Pasang kembali switch lama yang disimpan beserta konfigurasinya.',
      plannedStart: new Date(start.getTime() + 11 * 3600_000).toISOString(),
      plannedEnd: new Date(start.getTime() + 13 * 3600_000).toISOString(),
    });
    await this.changes.movePhase(tier1, lan.id, { phase: ChangePhase.Analysis });
    await this.changes.movePhase(tier1, lan.id, { phase: ChangePhase.Approval });
    await this.changes.movePhase(supervisor, lan.id, {
      phase: ChangePhase.Development,
      approval: {
        decision: 'approved',
        reason: 'Rencana dan rollback memadai; lakukan di luar jam layanan.',
      },
    });
    const dinkes = await sqlRow<{ id: string }>(this.dataSource, `SELECT id FROM unit WHERE code = 'DINKES'`);
    const emergency = await this.changes.create(tier2, {
      title: 'Darurat: penggantian firewall perimeter pusat data',
      description: 'Firewall perimeter rusak; diganti unit cadangan agar layanan SPBE kembali berjalan.',
      type: ChangeType.Emergency,
      systems: ['Firewall pusat data', 'SIMPEG'],
      affectedUnitIds: dinkes ? [dinkes.id] : [],
      risk: ChangeRisk.High,
      impactAssessment: 'Semua aplikasi di pusat data tidak dapat diakses selama penggantian.',
      implementationPlan: 'Pasang firewall cadangan, muat konfigurasi terakhir, uji akses aplikasi.',
      rollbackPlan: 'Tidak ada: perangkat lama rusak. Bila gagal, akses darurat lewat VPN cadangan.',
      plannedStart: new Date(Date.now() - 2 * 3600_000).toISOString(),
      plannedEnd: new Date(Date.now() + 2 * 3600_000).toISOString(),
    });
    await this.changes.movePhase(tier2, emergency.id, {
      phase: ChangePhase.Implementation,
      note: 'Layanan pusat data mati total; persetujuan menyusul.',
    });
    const escalated = await sqlRows<{ id: string }>(
      this.dataSource,
      `SELECT id FROM ticket WHERE escalated_at IS NOT NULL ORDER BY created_at LIMIT 3`,
    );
    const problem = await this.problems.create(tier2, {
      title: 'Gangguan jaringan berulang dari switch lama',
      description: 'Beberapa laporan putusnya jaringan berasal dari switch akses yang sama.',
      ticketIds: escalated.map((t) => t.id),
    });
    await this.problems.moveStatus(tier2, problem.id, { status: ProblemStatus.Investigating });
    await this.problems.moveStatus(tier2, problem.id, {
      status: ProblemStatus.KnownError,
      rootCause: 'Firmware switch versi lama kehabisan memori setelah beberapa hari menyala.',
      workaround: 'Mulai ulang switch akses bila jaringan ruangan putus; laporkan nomor port ke Tier 1.',
    });
  }
}

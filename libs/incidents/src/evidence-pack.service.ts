import { Clock } from '@desk/common';
import { Actor, hasRole, Role } from '@desk/org-auth';
import { AttachmentStorage } from '@desk/tickets';
import { Injectable } from '@nestjs/common';
import type JSZipType from 'jszip';
import { createHash } from 'node:crypto';
import { IncidentService } from './incident.service';
import { IncidentRepository } from './incident.repository';
import { IncidentErrors } from './incidents.errors';
import { stixBundle } from './stix-bundle';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks);
}

/** An evidence file's name inside the ZIP: unique, without path tricks. */
const entryName = (id: string, fileName: string) =>
  `evidence/${id.slice(0, 8)}-${fileName.replace(/[^\w.\- ()]/g, '_')}`;

/**
 * The evidence pack for the national CSIRT (BSSN): `incident.json` (fields, timeline, indicators),
 * `stix-bundle.json` (STIX 2.1), the evidence files under `evidence/`, and `SHA256SUMS` over all of
 * them. CSIRT and supervisors only; the reporter gets 403, everyone else 404.
 */
@Injectable()
export class EvidencePackService {
  constructor(
    private readonly incidents: IncidentService,
    private readonly repo: IncidentRepository,
    private readonly storage: AttachmentStorage,
    private readonly clock: Clock,
  ) {}

  async build(actor: Actor, id: string): Promise<{ fileName: string; zip: Buffer; tlpLabel: string }> {
    const incident = await this.incidents.get(actor, id); // 404 unless visible
    if (!hasRole(actor, Role.Csirt, Role.Supervisor))
      throw IncidentErrors.notAllowed('download the evidence pack');
    const timeline = await this.incidents.timeline(actor, id);
    const generatedAt = this.clock.now();
    const files: [string, Buffer][] = [];
    const json = (v: unknown) => Buffer.from(`${JSON.stringify(v, null, 2)}\n`, 'utf8');
    files.push([
      'incident.json',
      json({
        tlp: incident.tlpLabel,
        generatedAt: generatedAt.toISOString(),
        incident: { ...incident, indicators: undefined, evidence: undefined },
        timeline,
        indicators: incident.indicators,
        evidence: incident.evidence.map((e) => ({ ...e, path: entryName(e.id, e.fileName) })),
      }),
    ]);
    files.push(['stix-bundle.json', json(stixBundle(incident, generatedAt))]);
    for (const e of await this.repo.evidence(id)) {
      files.push([entryName(e.id, e.fileName), await readAll(this.storage.open(e.storageKey))]);
    }
    const sums = files.map(([name, bytes]) => `${sha256(bytes)}  ${name}\n`).join('');
    // jszip is loaded by the first evidence pack, not at start (rare route, memory of every process).
    const { default: JSZip }: { default: typeof JSZipType } = await import('jszip');
    const zip = new JSZip();
    const date = generatedAt;
    for (const [name, bytes] of files) zip.file(name, bytes, { date });
    zip.file('SHA256SUMS', sums, { date });
    const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
    return { fileName: `${incident.number}-evidence-pack.zip`, zip: buffer, tlpLabel: incident.tlpLabel };
  }
}

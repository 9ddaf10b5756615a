import { RefreshingValue } from '@desk/common';
import { Injectable } from '@nestjs/common';
import { OrgRepository } from './org.repository';

/** The time zone of a deployment whose region row is not set up yet (Sulawesi Selatan's, WITA). */
export const FALLBACK_TIMEZONE = 'Asia/Makassar';

/** How long a process trusts its copy of the region; a change made elsewhere shows within this. */
const CACHE_MS = 5_000;

/** The region's facts as every module reads them: the region row, or the fallbacks when it has none. */
export interface RegionFacts {
  name: string;
  dinasName: string;
  timezone: string;
}

/**
 * The one reader of the region's facts (its name, its Dinas, its IANA time zone) for the other modules,
 * cached briefly: ticket numbers, history lines, auto-close, the business calendar, mails and reports
 * all use the same time zone and the same fallback.
 */
@Injectable()
export class RegionService {
  private readonly cached = new RefreshingValue(() => this.load(), CACHE_MS);

  constructor(private readonly org: OrgRepository) {}

  facts(): Promise<RegionFacts> {
    return this.cached.get();
  }

  async timezone(): Promise<string> {
    return (await this.facts()).timezone;
  }

  /** The next read loads the region as saved (after a change of time zone in this process). */
  forget(): void {
    this.cached.invalidate();
  }

  private async load(): Promise<RegionFacts> {
    const row = await this.org.region();
    return {
      name: row?.name ?? 'SPBE',
      dinasName: row?.dinasName ?? 'Dinas',
      timezone: row?.timezone ?? FALLBACK_TIMEZONE,
    };
  }
}

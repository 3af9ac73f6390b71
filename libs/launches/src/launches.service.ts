import { Injectable } from '@nestjs/common';
import { DEFAULT_AD_HOC_DELAY_MS, LaunchCatalog, LaunchView } from '@app/dex';

/** The launches of the simulated launchpad, as the HTTP endpoints offer them. */
@Injectable()
export class LaunchesService {
  constructor(private readonly catalog: LaunchCatalog) {}

  /** Upcoming and recent launches (scheduled and ad-hoc), newest first, bounded. */
  list(): { items: LaunchView[] } {
    return { items: this.catalog.list() };
  }

  /** An ad-hoc launch `inSeconds` from now (a few slots by default), known to every process within a second. */
  schedule(inSeconds?: number): Promise<LaunchView> {
    return this.catalog.schedule(inSeconds === undefined ? DEFAULT_AD_HOC_DELAY_MS : inSeconds * 1_000);
  }
}

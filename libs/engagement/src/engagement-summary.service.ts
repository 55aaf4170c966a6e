import { Injectable } from '@nestjs/common';
import { Actor, Db, todayInLondon } from '@app/platform';
import { buildEngagementSummary, EngagementSummary } from './engagement-summary.queries';

@Injectable()
export class EngagementSummaryService {
  constructor(private readonly db: Db) {}

  /** One snapshot (REPEATABLE READ) so the counts and the lists agree with each other. */
  forProject(actor: Actor, projectId: string): Promise<EngagementSummary> {
    return this.db.tenant(actor, (tx) => buildEngagementSummary(tx, projectId, todayInLondon()), 'REPEATABLE READ');
  }
}

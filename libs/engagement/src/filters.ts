import { Problem, PageQuery } from '@app/platform';
import type { EngagementKind, GroupKind } from './engagement.enums';

/** Filters every evidence list accepts; dates are inclusive YYYY-MM-DD bounds on the evidence date. */
export interface EvidenceFilter extends PageQuery {
  projectId?: string;
  groupId?: string;
  from?: string;
  to?: string;
}

export interface EngagementFilter extends EvidenceFilter {
  kind?: EngagementKind;
  /** open: no actions recorded yet; closed: actions recorded. */
  loop?: 'open' | 'closed';
}

export interface StakeholderGroupFilter extends PageQuery {
  projectId?: string;
  kind?: GroupKind;
  internal?: boolean;
}

export function checkRange(filter: { from?: string; to?: string }): void {
  if (filter.from && filter.to && filter.from > filter.to) throw Problem.validation([{ field: 'to', message: 'to must be on or after from' }]);
}

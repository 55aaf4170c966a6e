import { Problem } from '@app/platform';
import type { MilestonePatch, NewMilestone } from './milestones.service';
import type { MilestoneView } from './milestone.views';

/** The milestone's external reference: the tool (e.g. "jira") and its own id. */
export interface MilestoneRef {
  source: string;
  externalId: string;
}

/** An upsert by reference: the milestone's fields as a merge patch, its project by our id or by the project's own reference. */
export interface UpsertMilestone extends MilestonePatch {
  baselineDate?: string;
  projectId?: string;
  project?: { source: string; id: string };
}

/** What creating a milestone needs that a later merge patch may leave out (400 naming each missing field). */
export function requiredToCreate(patch: Omit<UpsertMilestone, 'projectId' | 'project'>, projectId: string | null): NewMilestone & { projectId: string } {
  const because = 'to create the milestone (it does not exist yet under this reference)';
  const missing = [
    ...(projectId ? [] : [{ field: 'projectId', message: `projectId or project (its source and id) is required ${because}` }]),
    ...(patch.title === undefined ? [{ field: 'title', message: `title is required ${because}` }] : []),
    ...(patch.baselineDate === undefined ? [{ field: 'baselineDate', message: `baselineDate is required ${because}` }] : []),
    ...(patch.ownerPersonId === undefined ? [{ field: 'ownerPersonId', message: `ownerPersonId is required ${because}` }] : []),
  ];
  if (missing.length) throw Problem.validation(missing);
  return { ...patch, projectId: projectId as string, title: patch.title as string, baselineDate: patch.baselineDate as string, ownerPersonId: patch.ownerPersonId as string };
}

/**
 * A sync may send again the baseline it created the milestone with, or the one now in force; any
 * other date is a new baseline, which only a re-baseline decision sets (as on PATCH).
 */
export function checkBaselineKept(current: MilestoneView, baselineDate: string): void {
  if (baselineDate === current.baselineDate || baselineDate === current.originalBaselineDate) return;
  throw Problem.validation([
    { field: 'baselineDate', message: `baselineDate is ${current.baselineDate} and changes only by a re-baseline decision (POST /v1/milestones/${current.id}/rebaselines); send ${current.baselineDate} or leave it out` },
  ]);
}

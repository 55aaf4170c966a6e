import { Problem, TenantTx } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';
import { StakeholderGroupEntity } from './stakeholder-group.entity';

/** Throws 404 unless the project is the caller's organisation's (a foreign id looks like a random one). */
export async function requireProject(tx: TenantTx, projectId: string): Promise<ProjectEntity> {
  const project = await tx.findOne(ProjectEntity, { id: projectId });
  if (!project) throw Problem.notFound('project');
  return project;
}

/**
 * Evidence is recorded against a group of the same project: 404 for a project or group outside the
 * organisation, 400 naming groupId for a group of another of the organisation's projects. The
 * composite foreign key enforces the same in the database.
 */
export async function requireProjectGroup(tx: TenantTx, projectId: string, groupId: string): Promise<StakeholderGroupEntity> {
  await requireProject(tx, projectId);
  const group = await tx.findOne(StakeholderGroupEntity, { id: groupId });
  if (!group) throw Problem.notFound('stakeholder group');
  if (group.projectId !== projectId) throw Problem.validation([{ field: 'groupId', message: 'groupId must be a stakeholder group of the project given in projectId' }]);
  return group;
}

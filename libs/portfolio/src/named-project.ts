import { Problem, TenantTx } from '@app/platform';
import { ProjectEntity } from './project.entity';

/** How an integration names a project: by our id or by its own reference (the tool and its id). */
export interface ProjectNaming {
  projectId?: string;
  project?: { source: string; id: string };
}

/**
 * The project an upsert by reference names, or null when it names none (an update may leave it
 * out). Both ways at once is a 400; a project the caller's organisation does not have is a 404, so
 * a foreign id looks like a random one.
 */
export async function namedProject(tx: TenantTx, input: ProjectNaming): Promise<string | null> {
  if (input.projectId !== undefined && input.project !== undefined) {
    throw Problem.validation([{ field: 'project', message: 'name the project by projectId or by project (its source and id), not both' }]);
  }
  if (input.projectId === undefined && input.project === undefined) return null;
  const where = input.projectId !== undefined ? { id: input.projectId } : { externalSource: input.project!.source, externalId: input.project!.id };
  const project = await tx.findOne(ProjectEntity, where);
  if (!project) throw Problem.notFound('project');
  return project.id;
}

import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { ProjectEntity } from '@app/portfolio';

/** The evidence-based rating each project had at the last scan, so a change can be noticed and announced. */
@Entity('project_ratings')
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_project_ratings_project' })
export class ProjectRatingEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_project_ratings' })
  organisationId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_project_ratings' })
  projectId: string;

  @Column({ type: 'varchar', length: 16 })
  rating: string;

  @Column({ type: 'jsonb' })
  inputs: unknown;

  @Column({ type: 'timestamptz' })
  computedAt: Date;
}

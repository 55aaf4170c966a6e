import { Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '@app/platform';

/** What the board saw for a period: a pack's evidence and reports as produced, shown again unchanged by its link. */
@Entity('evidence_snapshots')
@Unique('uq_evidence_snapshots_organisation_id_id', ['organisationId', 'id'])
@Unique('uq_evidence_snapshots_content', ['organisationId', 'period', 'digest'])
export class EvidenceSnapshotEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_evidence_snapshots' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_evidence_snapshots_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'timestamptz' })
  cutOff: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  takenAt: Date;

  @Column({ type: 'varchar', length: 64 })
  digest: string;

  @Column({ type: 'jsonb' })
  content: unknown;
}


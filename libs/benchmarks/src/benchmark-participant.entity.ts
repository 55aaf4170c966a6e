import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';

/** Whether an organisation contributes to the anonymous benchmarks. No row: it does not (opt-in). */
@Entity('benchmark_participants')
export class BenchmarkParticipantEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_benchmark_participants' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_benchmark_participants_organisation' })
  organisationId: string;

  @Column({ type: 'boolean' })
  optedIn: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  changedAt: Date;
}

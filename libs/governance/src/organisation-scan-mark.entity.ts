import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';

/** When a full governance scan last ran for the organisation: the "last seen" of its open flags. */
@Entity('organisation_scan_marks')
export class OrganisationScanMarkEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_organisation_scan_marks' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_organisation_scan_marks_organisation' })
  organisationId: string;

  @Column({ type: 'timestamptz' })
  scannedAt: Date;
}

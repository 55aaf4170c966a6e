import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import type { SmeStatus } from './finance.enums';

/** The organisation's supplier register: one row per normalised name; SME status may be unknown, which is not "no". */
@Entity('suppliers')
@Unique('uq_suppliers_organisation_id_id', ['organisationId', 'id'])
@Unique('uq_suppliers_organisation_id_normalised_name', ['organisationId', 'normalisedName'])
@Check('ck_suppliers_sme_status', `"sme_status" IN ('sme', 'not_sme', 'unknown')`)
@Check('ck_suppliers_company_number', `"company_number" ~ '^[A-Z0-9]{8}$'`)
export class SupplierEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_suppliers' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_suppliers_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** See normaliseSupplierName: what two spellings of one supplier share. */
  @Column({ type: 'varchar', length: 200 })
  normalisedName: string;

  /** Companies House number (8 characters), when known. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  companyNumber: string | null;

  @Column({ type: 'varchar', length: 8, default: 'unknown' })
  smeStatus: SmeStatus;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from '../auth/organisation.entity';

/** The last link of each organisation's audit chain; moved only by the audit_events insert trigger. */
@Entity('audit_chain_heads')
export class AuditChainHeadEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_audit_chain_heads' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_audit_chain_heads_organisation' })
  organisationId: string;

  @Column({ type: 'bigint' })
  lastIndex: string;

  @Column({ type: 'bytea' })
  lastHash: Buffer;
}

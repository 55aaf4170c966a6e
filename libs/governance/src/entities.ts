import { FlagEventEntity } from './flag-event.entity';
import { FlagEntity } from './flag.entity';
import { GovernanceScanEntity } from './governance-scan.entity';
import { GovernanceScanPartEntity } from './governance-scan-part.entity';
import { OrganisationScanMarkEntity } from './organisation-scan-mark.entity';
import { ProjectRatingEntity } from './project-rating.entity';
import { EVIDENCE_ENTITIES } from './evidence/evidence.entities';

export const GOVERNANCE_ENTITIES = [FlagEntity, FlagEventEntity, GovernanceScanEntity, ProjectRatingEntity, OrganisationScanMarkEntity, GovernanceScanPartEntity, ...EVIDENCE_ENTITIES];

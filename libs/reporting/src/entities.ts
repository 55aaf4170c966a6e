import { EvidenceSnapshotEntity } from './board/evidence-snapshot.entity';

/** Reporting's tables: what the board saw, kept when a pack is produced. */
export const REPORTING_ENTITIES = [EvidenceSnapshotEntity];

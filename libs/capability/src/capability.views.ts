import { pickView, ViewOf } from '@app/platform';
import { CapabilityRoleEntity } from './capability-role.entity';
import { KnowledgeTransferEntity } from './knowledge-transfer.entity';

const ROLE_FIELDS = ['id', 'projectId', 'role', 'needed', 'filled', 'updatedAt'] as const;
export type CapabilityRoleView = ViewOf<CapabilityRoleEntity, typeof ROLE_FIELDS>;
export const toCapabilityRoleView = (r: CapabilityRoleEntity): CapabilityRoleView => pickView(r, ROLE_FIELDS);

const TRANSFER_FIELDS = ['id', 'projectId', 'kind', 'occurredOn', 'permanentStaff', 'description', 'evidence', 'createdAt'] as const;
export type KnowledgeTransferView = ViewOf<KnowledgeTransferEntity, typeof TRANSFER_FIELDS>;
export const toKnowledgeTransferView = (k: KnowledgeTransferEntity): KnowledgeTransferView => pickView(k, TRANSFER_FIELDS);

/** Outside (contractors + consultancy) and staff spend in a period; money as decimal strings. */
export interface OutsideExpertisePeriod {
  period: string;
  outside: string;
  staff: string;
  /** outside / (outside + staff), in percent to one decimal; null with neither. */
  sharePct: number | null;
}

export interface CapabilityEvidenceView {
  subject: { type: 'project' | 'programme'; id: string };
  asOf: string;
  outsideExpertise: {
    definition: string;
    periods: OutsideExpertisePeriod[];
    last12Months: Omit<OutsideExpertisePeriod, 'period'> & { from: string; to: string };
    /** The last three months' share against the three before: rising or falling by 5 points or more, else steady; null without spend in both. */
    trend: 'rising' | 'falling' | 'steady' | null;
    thresholdPct: number;
  };
  plan: { rolesNeeded: number; rolesFilled: number; roles: CapabilityRoleView[] };
  knowledgeTransfer: { lastOn: string | null; withinDays: number; recent: KnowledgeTransferView[] };
  /** Read beside the evidence-based rating; a capability_dependency flag is a warning and does not move it. */
  movesRating: false;
}

/** A programme's capability line in the board pack. */
export interface ProgrammeCapabilityLine {
  programmeId: string;
  outside: string;
  staff: string;
  sharePct: number | null;
  rolesNeeded: number;
  rolesFilled: number;
  lastKnowledgeTransferOn: string | null;
}

/** What a knowledge-transfer activity was: pairing with permanent staff, a handover, or training them. */
export const KNOWLEDGE_TRANSFER_KINDS = ['pairing', 'handover', 'training'] as const;
export type KnowledgeTransferKind = (typeof KNOWLEDGE_TRANSFER_KINDS)[number];

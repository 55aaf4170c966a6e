import { Delivery1763800025000 } from './1763800025000-delivery';
import { MilestoneExternalRefs1763800029100 } from './1763800029100-milestone-external-refs';

/** The delivery area's migrations: milestones with their re-baselines, and the benefits register. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const DELIVERY_MIGRATIONS: Function[] = [Delivery1763800025000, MilestoneExternalRefs1763800029100];

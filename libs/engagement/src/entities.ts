/** Every entity of the engagement area, in the schema registry (migrations/schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ENGAGEMENT_ENTITIES: Function[] = [];

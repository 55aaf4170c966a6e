/** Every entity of the kpis area, in the schema registry (migrations/schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const KPIS_ENTITIES: Function[] = [];

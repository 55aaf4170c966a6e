/** Every entity of the finance area, in the schema registry (migrations/schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const FINANCE_ENTITIES: Function[] = [];

/**
 * The one answer to "created, or already there": 201 for a record this request created, 200 for
 * one that already existed (a repeat post with the same external id, an upsert that updated). Set
 * on a passthrough reply (`@Res({ passthrough: true })`); the handler returns the body.
 */
export function answerCreated<T>(reply: { status(code: number): unknown }, created: boolean, body: T): T {
  reply.status(created ? 201 : 200);
  return body;
}

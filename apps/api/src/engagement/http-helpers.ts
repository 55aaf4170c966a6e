import type { FastifyReply } from 'fastify';

/**
 * Sends 201 for a created record and 200 for one found by its external id. Sent here rather than
 * returned, because Nest would overwrite a status set on a passthrough reply with the route's 201.
 */
export function sendCreateResult<T extends { result: 'created' | 'exists' }>(reply: FastifyReply, body: T): FastifyReply {
  return reply.status(body.result === 'created' ? 201 : 200).send(body);
}

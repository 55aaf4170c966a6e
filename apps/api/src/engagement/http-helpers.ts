import type { FastifyReply } from 'fastify';
import { etag } from '@app/platform';

/** Sets the ETag of a versioned view so clients can send it back as If-Match. */
export function withVersionTag<T extends { version: number }>(reply: FastifyReply, view: T): T {
  reply.header('etag', etag(view.version));
  return view;
}

/**
 * Sends 201 for a created record and 200 for one found by its external id. Sent here rather than
 * returned, because Nest would overwrite a status set on a passthrough reply with the route's 201.
 */
export function sendCreateResult<T extends { result: 'created' | 'exists' }>(reply: FastifyReply, body: T): FastifyReply {
  return reply.status(body.result === 'created' ? 201 : 200).send(body);
}

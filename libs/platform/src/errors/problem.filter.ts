import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, pgViolation } from '../database/db-errors';
import { Problem, ProblemBody, titleFor } from './problem';
import { genericCodeFor, isProblemCode, PROBLEM_CATALOGUE, problemType } from './problem-catalogue';

const RETRY_AFTER_SECONDS = '5';

/** Turns any thrown value into a problem+json body and status; never leaks SQL, paths or stacks. */
export function toProblem(error: unknown, requestId?: string): { body: ProblemBody; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  let status = 500;
  let code = 'internal_error';
  let detail = 'an unexpected error occurred; quote the request id when reporting it';
  let extras: Record<string, unknown> = {};

  if (error instanceof Problem) {
    status = error.status;
    code = error.code;
    detail = error.message;
    const { headers: h, ...rest } = error.extras;
    Object.assign(headers, h ?? {});
    extras = rest;
  } else if (error instanceof HttpException) {
    status = error.getStatus();
    code = genericCodeFor(status);
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : titleFor(status);
    if (status === 413) detail = 'the request body is larger than the limit; send less or split it into batches';
    if (status === 503) headers['retry-after'] = RETRY_AFTER_SECONDS;
  } else if (isDatabaseUnavailable(error)) {
    status = 503;
    code = 'database_unavailable';
    detail = 'the database is unavailable; retry shortly';
    headers['retry-after'] = RETRY_AFTER_SECONDS;
  } else if (isFastifyClientError(error)) {
    status = error.statusCode;
    code = fastifyCode(error);
    detail = fastifyDetail(error);
  } else {
    const violation = pgViolation(error);
    if (violation?.code === '23505') {
      status = 409;
      code = 'conflict';
      detail = 'this conflicts with an existing resource';
    } else if (violation?.code === '23503') {
      status = 404;
      code = 'not_found';
      detail = 'a referenced resource was not found';
    } else if (violation && (violation.code.startsWith('22') || violation.code === '23502' || violation.code === '23514')) {
      // Input that slipped past validation (a number out of range, a null or a value a CHECK refuses): the caller's error, not ours.
      status = 400;
      code = 'invalid_value';
      detail = 'a value is out of range or not allowed; check the numbers, dates and required fields';
    } else if (violation?.code === '57014') {
      status = 503;
      code = 'timeout';
      detail = 'the request took too long; retry shortly';
      headers['retry-after'] = RETRY_AFTER_SECONDS;
    }
  }

  // `code` is always from the catalogue, so clients can branch on it; the status's generic code stands in otherwise.
  if (!isProblemCode(code)) code = genericCodeFor(status);
  const entry = isProblemCode(code) ? PROBLEM_CATALOGUE[code] : undefined;
  // The standard members come last, so an extension can never overwrite them.
  const body: ProblemBody = {
    ...extras,
    type: problemType(code),
    title: entry?.title ?? titleFor(status),
    status,
    detail,
    code,
    ...(requestId ? { requestId } : {}),
  };
  return { body, headers };
}

interface FastifyClientError extends Error {
  statusCode: number;
  code?: string;
}

function isFastifyClientError(error: unknown): error is FastifyClientError {
  const e = error as FastifyClientError;
  return e instanceof Error && typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500;
}

function fastifyCode(error: FastifyClientError): string {
  if (error.code && isProblemCode(error.code)) return error.code;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'invalid_json';
    case undefined:
      return error instanceof SyntaxError || /JSON/.test(error.message) ? 'invalid_json' : genericCodeFor(error.statusCode);
    default:
      return genericCodeFor(error.statusCode);
  }
}

function fastifyDetail(error: FastifyClientError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'the request body is larger than the limit; send less';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported Content-Type; send application/json';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the JSON body is empty';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case undefined:
      return error instanceof SyntaxError || /JSON/.test(error.message) ? 'the body is not valid JSON' : error.message;
    default:
      return error.message;
  }
}

export function sendProblem(reply: FastifyReply, error: unknown, requestId: string | undefined, logger: Logger): void {
  const { body, headers } = toProblem(error, requestId);
  if (body.status >= 500) {
    logger.error({ msg: 'request failed', requestId, status: body.status, err: error instanceof Error ? { message: error.message, stack: error.stack } : error });
  }
  void reply.status(body.status).headers(headers).type('application/problem+json').send(body);
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    sendProblem(reply, error, request?.id, this.logger);
  }
}

/** A field that failed validation: `field` is a dotted path into the request body or query. */
export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const titleFor = (status: number): string => TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');

/**
 * A domain error with its HTTP meaning, thrown anywhere and rendered once, at the edge, as
 * RFC 9457 problem+json. `code` is a stable machine-readable reason.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly extras: { errors?: FieldError[]; headers?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'Problem';
  }

  static badRequest(detail: string, errors?: FieldError[]): Problem {
    return new Problem(400, 'bad_request', detail, errors ? { errors } : {});
  }

  static validation(errors: FieldError[]): Problem {
    const first = errors[0];
    const detail = errors.length === 1 ? `${first.field}: ${first.message}` : `${errors.length} fields are invalid; first ${first.field}: ${first.message}`;
    return new Problem(400, 'validation_failed', detail, { errors });
  }

  static notFound(what: string): Problem {
    return new Problem(404, 'not_found', `${what} was not found`);
  }

  static conflict(code: string, detail: string, extras: Record<string, unknown> = {}): Problem {
    return new Problem(409, code, detail, extras);
  }

  static preconditionRequired(): Problem {
    return new Problem(428, 'precondition_required', 'send If-Match with the version you last read, e.g. If-Match: "3"');
  }

  static preconditionFailed(current: number): Problem {
    return new Problem(412, 'version_mismatch', `the resource has changed; current version is ${current}; read it again and retry`, { currentVersion: current });
  }
}

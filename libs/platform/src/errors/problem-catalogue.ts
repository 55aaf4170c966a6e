/**
 * Every machine code a problem+json `code` can carry, with what it means and how to fix it. Clients
 * branch on `code`; it is always one of these (an unexpected one is replaced by its status's generic
 * code before it is sent), OpenAPI lists them as an enum, and each problem's `type` URI is this
 * catalogue's page for the code, served by the api at /problems/<code-with-dashes>.
 * Values the caller sent are never in `code`: they go in their own fields (`conflictingCode`, `errors[].field`).
 */
export interface ProblemEntry {
  status: number;
  title: string;
  /** What happened, in one or two sentences a developer integrating with the API understands. */
  means: string;
  /** What to change so the request succeeds. */
  fix: string;
}

export const PROBLEM_CATALOGUE = {
  bad_request: { status: 400, title: 'Bad request', means: 'The request could not be read as sent.', fix: 'Read `detail`; correct the request line, headers or body it names.' },
  validation_failed: { status: 400, title: 'Validation failed', means: 'One or more fields, query parameters or path parameters are missing or invalid. `errors` lists each with its `field` (a dotted path) and a message.', fix: 'Correct every field listed in `errors` and send the request again. Unknown fields are refused, so remove any the schema does not list.' },
  invalid_value: { status: 400, title: 'Value not allowed', means: 'A value is out of range or not allowed by the stored record\'s rules.', fix: 'Check the numbers, dates and required fields against the schema.' },
  invalid_json: { status: 400, title: 'Body is not valid JSON', means: 'The body of a JSON request could not be parsed, or was empty.', fix: 'Send a valid JSON document, encoded as UTF-8, with Content-Type: application/json.' },
  invalid_utf8: { status: 400, title: 'Body is not UTF-8', means: 'The body contains bytes that are not valid UTF-8. They would otherwise be stored as replacement characters and the original text lost.', fix: 'Encode the JSON text as UTF-8 (RFC 8259 requires it).' },
  duplicate_json_key: { status: 400, title: 'A JSON key is repeated', means: 'One object in the body names the same field twice. Which value was meant is ambiguous, so neither is used.', fix: 'Send each field once per object; `detail` names the path of the repeated key.' },
  json_too_deep: { status: 400, title: 'JSON nests too deeply', means: 'Objects and arrays in the body nest deeper than 32 levels, which no request of this API needs.', fix: 'Flatten the body to the documented schema.' },
  invalid_cursor: { status: 400, title: 'Cursor not issued by this API', means: 'The `cursor` query parameter is not a `nextCursor` this API issued (it was edited, truncated or made up). Cursors are signed.', fix: 'Pass `nextCursor` from the previous page exactly as it was given, or leave `cursor` out to start from the first page.' },
  invalid_if_match: { status: 400, title: 'If-Match cannot be read', means: 'The If-Match header is not an entity tag such as "3", W/"3" or *.', fix: 'Send the ETag from your last read of the resource, quoted, e.g. If-Match: "3".' },
  idempotency_key_required: { status: 400, title: 'Idempotency-Key required', means: 'This write could count twice if retried, so it needs an Idempotency-Key header.', fix: 'Send Idempotency-Key with a unique value (a UUID) per logical operation, and the same value when you retry it.' },
  unauthenticated: { status: 401, title: 'Authentication required', means: 'No bearer token was sent.', fix: 'Send Authorization: Bearer <token>. Tokens are created by an administrator (POST /v1/tokens).' },
  invalid_token: { status: 401, title: 'Token not valid', means: 'The bearer token is unknown, expired or revoked.', fix: 'Use a current token; ask an administrator to rotate or create one.' },
  session_required: { status: 401, title: 'Sign-in required', means: 'This board page needs a signed-in session.', fix: 'Sign in at /board/sign-in.' },
  forbidden: { status: 403, title: 'Forbidden', means: 'The caller may not do this.', fix: 'Use a token or person with the permission `detail` names.' },
  insufficient_scope: { status: 403, title: 'Token lacks the scope', means: 'The token does not carry the scope this route requires (`requiredScope`).', fix: 'Use a token with that scope; an administrator can create one.' },
  not_owner_or_manager: { status: 403, title: 'Not the owner or a manager', means: "Only the record's owner, the project's or programme's managers and organisation roles may change it.", fix: 'Ask the owner or a manager, or read the record instead.' },
  submitter_required: { status: 403, title: 'Only the project manager submits', means: "A status report is submitted by its project manager (a programme's by its programme manager or SRO), or by an administrator or PMO.", fix: 'Ask the project manager to submit it.' },
  approver_required: { status: 403, title: 'Only the SRO or programme manager approves', means: "A report is approved or returned by the programme's SRO or programme manager, never by the person who wrote it.", fix: 'Ask the SRO or programme manager.' },
  person_required: { status: 403, title: 'A person is needed', means: 'This belongs to a person, and the caller is a token that belongs to nobody.', fix: 'Sign in, or use a token that belongs to someone.' },
  limited_to_programmes: { status: 403, title: 'Token limited to some programmes', means: 'The token may act only within some programmes, and this change is organisation-wide.', fix: 'Use a token that is not limited to programmes.' },
  route_not_declared: { status: 403, title: 'Route declares no access rule', means: 'A server fault: the route has no access rule, so it is refused.', fix: 'Report it, quoting the request id.' },
  csrf_failed: { status: 403, title: 'Form check failed', means: 'A board form was posted without its anti-forgery token.', fix: 'Reload the page and submit the form again.' },
  own_account: { status: 409, title: 'Cannot change your own account this way', means: 'The change would apply to the caller\'s own account.', fix: 'Ask another administrator to make it.' },
  own_admin_role: { status: 409, title: 'Cannot remove your own admin role', means: 'Removing it could leave the organisation with no administrator.', fix: 'Ask another administrator to make the change.' },
  not_found: { status: 404, title: 'Not found', means: 'There is no such resource in your organisation. Another organisation\'s ids are answered exactly the same way.', fix: 'Check the id, and that the token belongs to the organisation that owns it.' },
  method_not_allowed: { status: 405, title: 'Method not allowed', means: 'The path exists but does not accept this method. The `Allow` header lists the methods it does.', fix: 'Use one of the methods in `Allow`.' },
  code_taken: { status: 409, title: 'Code already used', means: 'Another record in your organisation already has this code (`conflictingCode`).', fix: 'Choose another code, or update the existing record.' },
  slug_taken: { status: 409, title: 'Slug already used', means: 'Another organisation already has this slug.', fix: 'Choose another slug.' },
  external_id_conflict: { status: 409, title: 'External id already used', means: 'The external reference is already bound to another record.', fix: 'Address the record by its existing external reference, or use another id.' },
  duplicate_entry: { status: 409, title: 'Duplicate entry', means: 'The same entry was already recorded.', fix: 'Nothing to do if it was a retry; otherwise change what makes it unique.' },
  conflict: { status: 409, title: 'Conflict', means: 'The request conflicts with an existing resource.', fix: 'Read the resource again and resolve the conflict `detail` describes.' },
  commitment_exists: { status: 409, title: 'Commitment already recorded', means: 'A commitment with this order number is already recorded for the project.', fix: 'Use the existing commitment, or give the new order its own number.' },
  split_mapping_exists: { status: 409, title: 'Split mapping exists', means: 'A split mapping with this name already exists in your organisation.', fix: 'Choose another name, or change the existing mapping.' },
  supplier_exists: { status: 409, title: 'Supplier already registered', means: 'A supplier with the same normalised name is already in the register.', fix: 'Use the existing supplier.' },
  report_not_draft: { status: 409, title: 'Report is not a draft', means: 'Only a draft report can be submitted; this one is already waiting for approval or approved.', fix: 'Read the report again to see its state.' },
  report_not_submitted: { status: 409, title: 'Report not submitted', means: 'Only a report waiting for approval can be approved or returned.', fix: 'Ask the project manager to submit it first.' },
  report_superseded: { status: 409, title: 'Report superseded', means: 'A later revision of this report exists for the same period.', fix: 'Act on the latest revision.' },
  idempotency_key_in_use: { status: 409, title: 'Idempotency key in use', means: 'A request with the same Idempotency-Key is still being processed.', fix: 'Wait for the first request to finish, then retry with the same key to get its answer.' },
  group_name_taken: { status: 409, title: 'Group name already used', means: 'The project already has a stakeholder group with this name.', fix: 'Choose another name or use the existing group.' },
  membership_exists: { status: 409, title: 'Membership exists', means: 'The person is already a member there.', fix: 'Update the existing membership instead.' },
  person_exists: { status: 409, title: 'Person exists', means: 'A person with this email already exists in your organisation.', fix: 'Use the existing person.' },
  token_inactive: { status: 409, title: 'Token not active', means: 'The token is revoked or expired, so it cannot be rotated.', fix: 'Create a new token instead.' },
  webhook_deleted: { status: 409, title: 'Webhook deleted', means: 'The webhook subscription was deleted.', fix: 'Create a new subscription.' },
  flag_resolved: { status: 409, title: 'Flag already resolved', means: 'The flag is resolved, so it cannot be acknowledged.', fix: 'Nothing to do; read the flag for its history.' },
  not_rated: { status: 409, title: 'Not rated yet', means: 'The project has no evidence-based rating yet.', fix: 'Run a governance scan (POST /v1/governance/scans), then read again.' },
  not_cost_per_transaction: { status: 409, title: 'Not a cost-per-transaction KPI', means: 'Only a cost-per-transaction KPI can be derived from the ledger.', fix: 'Use the cost-per-transaction KPI of the project.' },
  import_in_progress: { status: 409, title: 'Import in progress', means: 'The import has not finished.', fix: 'Wait until its status is completed or failed.' },
  import_not_undoable: { status: 409, title: 'Import cannot be undone', means: 'Only a completed import can be undone, once.', fix: 'Check the import\'s status.' },
  file_not_stored: { status: 409, title: 'File not stored', means: 'The uploaded file of this import is no longer stored.', fix: 'Upload the file again as a new import.' },
  already_reversed: { status: 409, title: 'Already reversed', means: 'This spend entry has already been reversed.', fix: 'Nothing to do; the ledger already shows the reversal.' },
  cannot_reverse_reversal: { status: 409, title: 'Cannot reverse a reversal', means: 'A reversal entry cannot itself be reversed.', fix: 'Record a new spend entry instead.' },
  secrets_key_missing: { status: 409, title: 'Server has no secrets key', means: 'The server cannot store or read secrets because SECRETS_KEY is not set.', fix: 'An operator sets SECRETS_KEY and restarts the api.' },
  version_mismatch: { status: 412, title: 'Version changed', means: 'If-Match named a version that is no longer current (`currentVersion`), or only weak entity tags, which never match.', fix: 'Read the resource again, reapply your change, and send its current ETag as If-Match.' },
  body_too_large: { status: 413, title: 'Body too large', means: 'The request body is larger than the limit.', fix: 'Send less, or split a batch into smaller ones.' },
  file_too_large: { status: 413, title: 'File too large', means: 'The uploaded file is larger than the upload limit.', fix: 'Split the file into smaller files.' },
  too_many_rows: { status: 413, title: 'Too many rows', means: 'The batch has more items than one request accepts.', fix: 'Split it into batches of the size `detail` names.' },
  uri_too_long: { status: 414, title: 'URI too long', means: 'A path parameter is longer than any id this API uses.', fix: 'Check the path.' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type', means: 'The body is not in a media type this route reads. JSON routes read application/json (and application/merge-patch+json); CSV imports read multipart/form-data.', fix: 'Send the body with the Content-Type the route documents.' },
  idempotency_key_reused: { status: 422, title: 'Idempotency key reused', means: 'The Idempotency-Key was used before with a different body.', fix: 'Use a new key for a new operation; reuse a key only to retry the identical request.' },
  unprocessable: { status: 422, title: 'Unprocessable', means: 'The request is well formed but cannot be processed.', fix: 'Read `detail`.' },
  precondition_required: { status: 428, title: 'If-Match required', means: 'This resource is versioned; an update must say which version it changes.', fix: 'Read the resource, then send its ETag as If-Match (or * to overwrite whatever version is current).' },
  rate_limited: { status: 429, title: 'Rate limit reached', means: 'The token has used all its requests in the current window.', fix: 'Wait the number of seconds in Retry-After (RateLimit-Reset says when the window resets), then retry.' },
  internal_error: { status: 500, title: 'Internal error', means: 'Something failed on the server.', fix: 'Retry later; if it persists, report it quoting `requestId`.' },
  pdf_unavailable: { status: 503, title: 'PDF unavailable', means: 'The server cannot print the pack as a PDF (no Chromium on this host).', fix: 'Print the pack from your browser instead.' },
  database_unavailable: { status: 503, title: 'Database unavailable', means: 'The database could not be reached.', fix: 'Retry after the Retry-After seconds.' },
  timeout: { status: 503, title: 'Timed out', means: 'The request took too long and was stopped; nothing was half-written.', fix: 'Retry after the Retry-After seconds; narrow the request if it persists.' },
  identity_provider_unavailable: { status: 503, title: 'Identity provider unavailable', means: 'The organisation\'s sign-in provider did not answer.', fix: 'Retry shortly.' },
  service_unavailable: { status: 503, title: 'Service unavailable', means: 'The api is starting or stopping.', fix: 'Retry after the Retry-After seconds.' },
} as const satisfies Record<string, ProblemEntry>;

export type ProblemCode = keyof typeof PROBLEM_CATALOGUE;
export const PROBLEM_CODES = Object.keys(PROBLEM_CATALOGUE) as ProblemCode[];

export const isProblemCode = (code: string): code is ProblemCode => Object.hasOwn(PROBLEM_CATALOGUE, code);

/** The generic code for a status, for errors that carry none of their own. */
export function genericCodeFor(status: number): ProblemCode {
  const byStatus: Record<number, ProblemCode> = {
    400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 409: 'conflict', 412: 'version_mismatch',
    413: 'body_too_large', 414: 'uri_too_long', 415: 'unsupported_media_type', 422: 'unprocessable', 428: 'precondition_required', 429: 'rate_limited', 503: 'service_unavailable',
  };
  return byStatus[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
}

/** The page that explains a code: a path here, made absolute with the api's public URL when it is known. */
export const problemSlug = (code: string): string => code.replace(/_/g, '-');

let typeBase = '';
/** Makes problem `type` URIs absolute (`https://api.example/problems/not-found`); relative until set. */
export function configureProblemTypeBase(publicUrl: string): void {
  typeBase = publicUrl.replace(/\/$/, '');
}
export const problemType = (code: string): string => `${typeBase}/problems/${problemSlug(code)}`;

import { applyDecorators, Header } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

/**
 * Marks a route as on its way out (see docs/INTEGRATING.md, "Versioning and deprecation"): its
 * answers carry `Deprecation` (RFC 9745, when it was deprecated), `Sunset` (RFC 8594, after when it
 * may stop answering) and a `Link` to its successor, and the OpenAPI document marks it deprecated
 * with those headers declared. Dates are YYYY-MM-DD; the sunset at least six months after.
 */
export function DeprecatedRoute(options: { since: string; sunset: string; successor?: string }): MethodDecorator {
  const since = Math.floor(Date.parse(`${options.since}T00:00:00Z`) / 1000);
  const sunset = new Date(`${options.sunset}T00:00:00Z`).toUTCString();
  const link = options.successor ? `<${options.successor}>; rel="successor-version"` : '</docs>; rel="deprecation"';
  return applyDecorators(Header('deprecation', `@${since}`), Header('sunset', sunset), Header('link', link), ApiExtension('x-sunset', options.sunset));
}

import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Problem } from '../errors/problem';

/**
 * A path id: a UUID of a version this API issues (4 for records, 7 for time-ordered spend ledger
 * entries), or a 400 naming the parameter (Nest's own pipe answered an unnamed "uuid v 4 is
 * expected"). The OpenAPI document declares these parameters `format: uuid`.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && (isUUID(value, '4') || isUUID(value, '7'))) return value;
    const field = metadata.data ?? 'id';
    throw Problem.validation([{ field, message: `${field} must be a UUID (version 4 or 7), as this API issues them` }]);
  }
}

import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Problem } from '../errors/problem';

/**
 * A path id: a version 4 UUID, or a 400 naming the parameter (Nest's own pipe answered an unnamed
 * "uuid v 4 is expected"). The OpenAPI document declares these parameters `format: uuid`.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && isUUID(value, '4')) return value;
    const field = metadata.data ?? 'id';
    throw Problem.validation([{ field, message: `${field} must be a UUID (version 4), as this API issues them` }]);
  }
}

import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';

/** A page of a keyset-paginated list: `data`, and `nextCursor` to pass back as `cursor` (null on the last page). */
export function ApiPageResponse(model: Type<unknown>, description: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['data', 'nextCursor'],
        properties: {
          data: { type: 'array', items: { $ref: getSchemaPath(model) } },
          nextCursor: { type: 'string', nullable: true, description: 'pass as `cursor` for the next page; null on the last page', example: 'WyJDUyJd.AQIDBAUGBwgJCgsMDQ4PEA' },
        },
      },
    }),
  );
}

/** Timestamps every record carries, as RFC 3339 strings in UTC. */
export class TimestampsResponse {
  @ApiProperty({ format: 'date-time', example: '2026-10-01T09:30:00.000Z' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', example: '2026-10-01T09:30:00.000Z' }) updatedAt!: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import { DOMAIN_EVENT_TYPES, PageQuery } from '@app/platform';
import { DELIVERY_STATUSES, DeliveryStatus, WEBHOOK_URL_MAX } from '@app/integrations';

// Event names are checked by the service, which names the unknown one in the 400.
const EVENTS_MAX = 50;

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.example.gov.uk/kpi-tracker', maxLength: WEBHOOK_URL_MAX, description: 'https only; must resolve to public addresses' })
  @IsString() @Length(1, WEBHOOK_URL_MAX)
  url: string;

  @ApiProperty({ enum: DOMAIN_EVENT_TYPES, isArray: true, example: ['flag.raised', 'flag.resolved'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(EVENTS_MAX) @IsString({ each: true }) @MaxLength(64, { each: true })
  events: string[];

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional() @IsString() @MaxLength(500)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: WEBHOOK_URL_MAX })
  // Present means a string: null is refused here rather than reaching the SSRF check (it answered 500).
  @ValidateIf((_, value) => value !== undefined) @IsString() @Length(1, WEBHOOK_URL_MAX)
  url?: string;

  @ApiPropertyOptional({ enum: DOMAIN_EVENT_TYPES, isArray: true })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(EVENTS_MAX) @IsString({ each: true }) @MaxLength(64, { each: true })
  events?: string[];

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional() @IsString() @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ description: 'false pauses deliveries; true resumes and resets the failure count' })
  @IsOptional() @IsBoolean()
  active?: boolean;
}

export class DeliveryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional() @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

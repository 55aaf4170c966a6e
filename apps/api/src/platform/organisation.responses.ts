import { ApiProperty } from '@nestjs/swagger';
import { RATE_LIMIT_BOUNDS, type IdentityProviderView, type OrganisationView } from '@app/platform';

/* Response schemas for the organisation and its settings; each `implements` the view the route answers with. */

export class OrganisationResponse implements OrganisationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Demo Council' }) name!: string;
  @ApiProperty({ example: 'demo-council', description: 'names the organisation at sign-in' }) slug!: string;
  @ApiProperty({ minimum: 1, maximum: 12, example: 4, description: 'the month its financial year starts (4: April)' }) financialYearStartMonth!: number;
}

export class RateLimitResponse {
  @ApiProperty({ minimum: RATE_LIMIT_BOUNDS.requests.min, maximum: RATE_LIMIT_BOUNDS.requests.max, example: 1200, description: 'requests each token may make per window' }) requests!: number;
  @ApiProperty({ minimum: RATE_LIMIT_BOUNDS.windowSeconds.min, maximum: RATE_LIMIT_BOUNDS.windowSeconds.max, example: 60, description: 'window length in seconds' }) windowSeconds!: number;
  @ApiProperty({ minimum: 1, example: 3, description: "the organisation's version, also in ETag; send it as If-Match to change the settings" }) version!: number;
}

export class IdentityProviderResponse implements IdentityProviderView {
  @ApiProperty({ format: 'uri', example: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0' }) issuer!: string;
  @ApiProperty({ example: '00000000-0000-0000-0000-000000000000' }) clientId!: string;
  @ApiProperty({ description: 'a client secret is stored (it is never shown)' }) clientSecretSet!: boolean;
  @ApiProperty({ type: [String], example: ['demo-council.gov.uk'], description: 'people with these email domains may sign in without an invitation, as viewers' }) allowedDomains!: string[];
  @ApiProperty({ minimum: 1, example: 1, description: 'also in ETag; send it as If-Match to replace the configuration' }) version!: number;
  @ApiProperty({ format: 'date-time', example: '2026-10-01T09:30:00.000Z' }) updatedAt!: string;
}

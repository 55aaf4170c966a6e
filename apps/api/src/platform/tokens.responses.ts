import { ApiProperty } from '@nestjs/swagger';
import { SCOPES, type CreatedToken, type RotatedToken, type Scope, type TokenView } from '@app/platform';

/* Response schemas for API tokens; each `implements` the view the service answers with. */

class TokenIntegrationResponse {
  @ApiProperty({ example: 'Finance system nightly export' }) name!: string;
  @ApiProperty({ format: 'uuid', description: 'the person accountable for the integration' }) ownerPersonId!: string;
  @ApiProperty({ type: [String], format: 'uuid', nullable: true, description: 'the programmes it may reach; null: all' }) programmeIds!: string[] | null;
}

export class TokenResponse implements TokenView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Jira integration' }) name!: string;
  @ApiProperty({ enum: SCOPES, isArray: true, example: ['portfolio:read', 'kpis:write'] }) scopes!: Scope[];
  @ApiProperty({ example: 'kpit_3f9a2c1b5d7e9f01', description: 'the start of the token, to recognise it; never the secret' }) prefix!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'to the minute' }) lastUsedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-10-01T09:30:00.000Z' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'a personal access token: the person it belongs to' }) personId!: string | null;
  @ApiProperty({ type: TokenIntegrationResponse, nullable: true, description: 'an integration token: the integration it belongs to' }) integration!: TokenIntegrationResponse | null;
}

export class CreatedTokenResponse extends TokenResponse implements CreatedToken {
  @ApiProperty({ example: 'kpit_3f9a2c1b5d7e9f01_…', description: 'the bearer token, shown this once: store it now' }) token!: string;
}

class ReplacedTokenResponse {
  @ApiProperty({ format: 'uuid', description: 'the old token' }) id!: string;
  @ApiProperty({ format: 'date-time', description: 'when the old token stops working' }) expiresAt!: string;
}

export class RotatedTokenResponse extends CreatedTokenResponse implements RotatedToken {
  @ApiProperty({ type: ReplacedTokenResponse }) replaces!: ReplacedTokenResponse;
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { Actor, ApiPageResponse, AppConfig, Auth, CurrentActor, PageQuery, Scope, SCOPES, TokenService, IsName, IsTimestamp, ParseIdPipe } from '@app/platform';
import { CreatedTokenResponse, RotatedTokenResponse, TokenResponse } from './tokens.responses';

export class TokenIntegrationDto {
  @ApiProperty({ example: 'Finance system nightly export', maxLength: 100 })
  @IsString() @Length(1, 100)
  @IsName() name: string;

  @ApiProperty({ format: 'uuid', description: 'the person accountable for the integration' })
  @IsUUID('4', { message: 'ownerPersonId must be a person id' })
  ownerPersonId: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'the programmes it may reach; leave out for all' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsUUID('4', { each: true, message: 'each programme id must be a programme id' })
  programmeIds?: string[];
}

export class CreateTokenDto {
  @ApiProperty({ example: 'Jira integration', maxLength: 100 })
  @IsString() @Length(1, 100)
  @IsName() name: string;

  @ApiProperty({ enum: SCOPES, isArray: true, example: ['portfolio:read', 'kpis:write'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(SCOPES.length) @ArrayUnique() @IsIn(SCOPES, { each: true, message: `each scope must be one of ${SCOPES.join(', ')}` })
  scopes: Scope[];

  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2027-03-31T23:59:59Z', description: 'RFC 3339 with an offset; a date that does not exist (2027-02-30) is refused, not rolled over' })
  @IsOptional() @IsTimestamp()
  expiresAt?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'a personal access token: it belongs to this person, never does more than their roles allow, and stops when they are deactivated' })
  @IsOptional() @IsUUID('4', { message: 'personId must be a person id' })
  personId?: string;

  @ApiPropertyOptional({ type: TokenIntegrationDto, description: 'an integration token: it belongs to a named integration owned by a person, and may be limited to some programmes' })
  @IsOptional() @ValidateNested() @Type(() => TokenIntegrationDto)
  integration?: TokenIntegrationDto;
}

export class RotateTokenDto {
  @ApiPropertyOptional({ description: 'seconds the old token keeps working (default TOKEN_ROTATION_OVERLAP_SECONDS, at most 7 days)', minimum: 0, maximum: 604800, example: 86400 })
  @IsOptional() @IsInt() @Min(0) @Max(7 * 24 * 3600)
  overlapSeconds?: number;
}

@ApiTags('tokens')
@Controller('v1/tokens')
@Auth('admin')
export class TokensController {
  constructor(
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an API token', description: 'A token with the scopes given: an organisation token, a personal access token (personId: never more than the person\'s roles allow) or an integration token (integration: owned by a person, optionally limited to some programmes). The secret is in `token`, shown this once.' })
  @ApiCreatedResponse({ description: 'the token, with its secret shown this once', type: CreatedTokenResponse })
  @ApiNotFoundResponse({ description: 'no such person or programme in this organisation' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateTokenDto) {
    return this.tokens.create(actor, { ...body, expiresAt: body.expiresAt === undefined ? undefined : new Date(body.expiresAt) });
  }

  @Get()
  @ApiOperation({ summary: 'List API tokens', description: 'Every token, revoked and expired ones too, oldest first, a page at a time; never their secrets.' })
  @ApiPageResponse(TokenResponse, 'tokens without their secrets, oldest first')
  list(@CurrentActor() actor: Actor, @Query() query: PageQuery) {
    return this.tokens.list(actor, query);
  }

  @Post(':id/rotate')
  @ApiOperation({ summary: 'Rotate an API token', description: 'Issues a new token with the same name, scopes, owner and expiry, and lets the old one keep working for `overlapSeconds` so an integration can deploy the new secret without a gap. A revoked or expired token cannot be rotated (409 `token_inactive`).' })
  @ApiCreatedResponse({ description: 'a new token (secret shown this once) with the same name, scopes and expiry; the old one works until `replaces.expiresAt`', type: RotatedTokenResponse })
  @ApiConflictResponse({ description: 'the token is revoked or expired' })
  @ApiNotFoundResponse({ description: 'no such token in this organisation' })
  rotate(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Body() body: RotateTokenDto) {
    return this.tokens.rotate(actor, id, body.overlapSeconds ?? this.config.tokenRotationOverlapSeconds);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API token', description: 'The token stops working at once; it stays listed with `revokedAt`. Revoking it again changes nothing.' })
  @ApiOkResponse({ description: 'the revoked token', type: TokenResponse })
  @ApiNotFoundResponse({ description: 'no such token in this organisation' })
  revoke(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.tokens.revoke(actor, id);
  }
}

import { Body, Controller, Get, Headers, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Actor, Auth, CurrentActor, IdentityProviderService, requireIfMatch, withEtag } from '@app/platform';
import { IdentityProviderResponse } from './organisation.responses';

export class IdentityProviderDto {
  @ApiProperty({ example: 'https://login.microsoftonline.com/<tenant id>/v2.0', maxLength: 500 })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['https', 'http'] }, { message: 'issuer must be the provider\'s issuer URL' }) @MaxLength(500)
  issuer: string;

  @ApiProperty({ example: '00000000-0000-0000-0000-000000000000', maxLength: 255 })
  @IsString() @Length(1, 255)
  clientId: string;

  @ApiPropertyOptional({ description: 'write-only; leave out to keep the stored secret', maxLength: 1000 })
  @IsOptional() @IsString() @Length(1, 1000)
  clientSecret?: string;

  @ApiProperty({ example: ['demo-council.gov.uk'], description: 'people with these email domains may sign in without an invitation, as viewers' })
  @IsArray() @ArrayMaxSize(20) @ArrayUnique() @Matches(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i, { each: true, message: 'each allowed domain must be a domain name like example.gov.uk' })
  allowedDomains: string[];
}

@ApiTags('organisation')
@Controller('v1/organisation/identity-provider')
@Auth('admin')
export class IdentityProviderController {
  constructor(private readonly providers: IdentityProviderService) {}

  @Get()
  @ApiOperation({ summary: "Read the organisation's identity provider", description: 'The OpenID Connect provider people sign in to the board with; the client secret is never shown, only whether one is stored.' })
  @ApiOkResponse({ description: 'the OpenID Connect provider people sign in with (never the secret), version as ETag', type: IdentityProviderResponse })
  @ApiNotFoundResponse({ description: 'none configured yet' })
  async get(@CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.providers.get(actor));
  }

  @Put()
  @ApiOperation({ summary: "Set the organisation's identity provider", description: 'Creates or replaces the OpenID Connect configuration. The first time needs clientSecret; later, leave it out to keep the stored one. Replacing needs If-Match (412 when stale, 428 without). The issuer must be https (plain http only to a loopback address outside production).' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the ETag you last read, e.g. "3"; required when replacing an existing configuration', schema: { type: 'string', example: '"3"' } })
  @ApiOkResponse({ description: 'the configuration as stored, version as ETag', type: IdentityProviderResponse })
  async put(@CurrentActor() actor: Actor, @Headers('if-match') ifMatch: string | undefined, @Body() body: IdentityProviderDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.providers.put(actor, ifMatch === undefined ? null : requireIfMatch(ifMatch), body));
  }
}

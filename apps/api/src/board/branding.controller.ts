import { Body, Controller, Get, Headers, Patch, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Actor, Auth, CurrentActor, OrganisationEntity, OrganisationService, requireIfMatch, withEtag } from '@app/platform';
import { BRAND_COLOUR, BRAND_LOGO, BRAND_LOGO_MAX, brandOf } from './brand';

export class BrandingDto {
  @ApiPropertyOptional({ nullable: true, description: `the logo for the board's header, as a data: URL of a PNG, JPEG or SVG image (at most ${BRAND_LOGO_MAX} characters); null removes it`, example: 'data:image/png;base64,iVBORw0KGgo...' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(BRAND_LOGO_MAX) @Matches(BRAND_LOGO, { message: 'logo must be a data: URL of a PNG, JPEG or SVG image, base64-encoded' })
  logo?: string | null;

  @ApiPropertyOptional({ nullable: true, description: "the header's colour, as #rrggbb; null goes back to the default", example: '#005ea5' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Matches(BRAND_COLOUR, { message: 'colour must be a colour like #005ea5' })
  colour?: string | null;
}

/** The organisation's branding on the board: its name always, and a logo and header colour if it sets them. */
@ApiTags('organisation')
@Controller('v1/organisation/branding')
export class BrandingController {
  constructor(private readonly organisations: OrganisationService) {}

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: "the board's branding (name, logo, colour), with the organisation's version as ETag" })
  async get(@CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, this.view(await this.organisations.get(actor.organisationId)));
  }

  @Patch()
  @Auth('admin')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read' })
  @ApiOkResponse({ description: 'the branding after the change; board pages show it from their next load' })
  async update(@CurrentActor() actor: Actor, @Headers('if-match') ifMatch: string | undefined, @Body() body: BrandingDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const values: Record<string, unknown> = {};
    if (body.logo !== undefined) values.logo = body.logo;
    if (body.colour !== undefined) values.colour = body.colour === null ? null : body.colour.toLowerCase();
    const org = await this.organisations.updateSettings(actor, requireIfMatch(ifMatch), { section: { name: 'branding', values } });
    return withEtag(reply, this.view(org));
  }

  private view(org: OrganisationEntity) {
    return { ...brandOf(org), version: org.version };
  }
}

import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Actor, Auth, CurrentActor, ORGANISATION_ROLES, OrganisationRole, PageQuery, PeopleService, PERSON_STATUSES, requireIfMatch, withEtag, IsName, ParseIdPipe } from '@app/platform';

export class InvitePersonDto {
  @ApiProperty({ example: 'sam.jones@demo-council.gov.uk', maxLength: 254 })
  @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: 'Sam Jones', maxLength: 200, description: 'replaced by the name the identity provider gives at first sign-in' })
  @IsOptional() @IsString() @Length(1, 200)
  @IsName() name?: string;

  @ApiPropertyOptional({ enum: ORGANISATION_ROLES, isArray: true, default: ['viewer'] })
  @IsOptional() @IsArray() @ArrayMaxSize(ORGANISATION_ROLES.length) @ArrayUnique() @IsIn(ORGANISATION_ROLES, { each: true, message: `each role must be one of ${ORGANISATION_ROLES.join(', ')}` })
  roles?: OrganisationRole[];
}

export class PersonRolesDto {
  @ApiProperty({ enum: ORGANISATION_ROLES, isArray: true, example: ['pmo'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(ORGANISATION_ROLES.length) @ArrayUnique() @IsIn(ORGANISATION_ROLES, { each: true, message: `each role must be one of ${ORGANISATION_ROLES.join(', ')}` })
  roles: OrganisationRole[];
}

export class PeopleQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PERSON_STATUSES })
  @IsOptional() @IsIn(PERSON_STATUSES)
  status?: string;
}

@ApiTags('people')
@Controller('v1/people')
@Auth('admin')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @ApiOkResponse({ description: 'people in the organisation, by email' })
  list(@CurrentActor() actor: Actor, @Query() query: PeopleQuery) {
    return this.people.list(actor, query);
  }

  @Post()
  @ApiCreatedResponse({ description: 'the invited person; they become active at their first sign-in' })
  invite(@CurrentActor() actor: Actor, @Body() body: InvitePersonDto) {
    return this.people.invite(actor, body);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'one person, with the version as ETag' })
  @ApiNotFoundResponse({ description: 'no such person in this organisation' })
  async get(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.people.get(actor, id));
  }

  @Patch(':id/roles')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version from GET' })
  @ApiOkResponse({ description: 'the person with their new roles' })
  @ApiNotFoundResponse({ description: 'no such person in this organisation' })
  async updateRoles(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: PersonRolesDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.people.updateRoles(actor, id, requireIfMatch(ifMatch), body.roles));
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOkResponse({ description: 'the deactivated person: their sessions are ended and their tokens revoked' })
  @ApiNotFoundResponse({ description: 'no such person in this organisation' })
  deactivate(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.people.deactivate(actor, id);
  }
}

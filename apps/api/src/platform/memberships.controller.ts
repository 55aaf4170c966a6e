import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { Actor, Auth, CurrentActor, MEMBERSHIP_ROLES, MembershipRole, MembershipsService, ParseIdPipe } from '@app/platform';
import { MembershipListResponse, MembershipResponse, RestrictionResponse } from './people.responses';

export class CreateMembershipDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'personId must be a person id' })
  personId: string;

  @ApiProperty({ enum: MEMBERSHIP_ROLES, example: 'project_manager', description: 'sro and programme_manager are roles on a programme; project_manager and contributor on a project' })
  @IsIn(MEMBERSHIP_ROLES, { message: `role must be one of ${MEMBERSHIP_ROLES.join(', ')}` })
  role: MembershipRole;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('4', { message: 'programmeId must be a programme id' })
  programmeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('4', { message: 'projectId must be a project id' })
  projectId?: string;
}

export class MembershipQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') personId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') programmeId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') projectId?: string;
}

export class RestrictionDto {
  @ApiProperty({ example: true, description: 'true: only members and organisation roles beyond viewer see the programme' })
  @IsBoolean({ message: 'restricted must be true or false' })
  restricted: boolean;
}

@ApiTags('people')
@Controller('v1')
@Auth('admin')
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Post('memberships')
  @ApiOperation({ summary: 'Give a person a role on a programme or project', description: 'sro and programme_manager are roles on a programme (give programmeId only); project_manager and contributor on a project (give projectId only). The same role twice is 409 `membership_exists`.' })
  @ApiCreatedResponse({ description: 'the membership: the person may now write within that programme or project', type: MembershipResponse })
  @ApiConflictResponse({ description: 'this person already has this role there' })
  @ApiNotFoundResponse({ description: 'no such person, programme or project in this organisation' })
  add(@CurrentActor() actor: Actor, @Body() body: CreateMembershipDto) {
    return this.memberships.add(actor, body);
  }

  @Get('memberships')
  @ApiOperation({ summary: 'List memberships', description: 'Oldest first, up to 1000; filter by person, programme or project.' })
  @ApiOkResponse({ description: 'memberships, filtered by person, programme or project', type: MembershipListResponse })
  list(@CurrentActor() actor: Actor, @Query() query: MembershipQuery) {
    return this.memberships.list(actor, query);
  }

  @Delete('memberships/:id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a membership', description: 'The person loses that role on that programme or project at once.' })
  @ApiOkResponse({ description: 'the removed membership', type: MembershipResponse })
  @ApiNotFoundResponse({ description: 'no such membership in this organisation' })
  remove(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.memberships.remove(actor, id);
  }

  @Get('programmes/:id/restriction')
  @ApiOperation({ summary: 'Read whether a programme is restricted' })
  @ApiOkResponse({ description: 'whether the programme is restricted', type: RestrictionResponse })
  @ApiNotFoundResponse({ description: 'no such programme in this organisation' })
  restriction(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.memberships.isRestricted(actor, id);
  }

  @Put('programmes/:id/restriction')
  @ApiOperation({ summary: 'Restrict a programme to its members, or open it', description: 'A restricted programme, its projects and their records are seen only by its members and by organisation roles beyond viewer. Setting the state it already has changes nothing.' })
  @ApiOkResponse({ description: 'the programme restricted (or open) from now on', type: RestrictionResponse })
  @ApiNotFoundResponse({ description: 'no such programme in this organisation' })
  restrict(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Body() body: RestrictionDto) {
    return this.memberships.setRestricted(actor, id, body.restricted);
  }
}

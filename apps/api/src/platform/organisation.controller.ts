import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Auth, CurrentActor, OrganisationService, toOrganisationView } from '@app/platform';

@ApiTags('organisation')
@Controller('v1/organisation')
export class OrganisationController {
  constructor(private readonly organisations: OrganisationService) {}

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: "the caller's organisation" })
  async get(@CurrentActor() actor: Actor) {
    return toOrganisationView(await this.organisations.get(actor.organisationId));
  }
}

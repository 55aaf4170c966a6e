import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Auth, CurrentActor, PeopleService } from '@app/platform';

@ApiTags('people')
@Controller('v1/me')
export class MeController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'who the caller is (person and token) and what they may do' })
  me(@CurrentActor() actor: Actor) {
    return this.people.me(actor);
  }
}

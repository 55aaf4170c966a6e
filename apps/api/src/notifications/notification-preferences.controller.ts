import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Auth, CurrentActor } from '@app/platform';
import { NotificationPreferencesService } from '@app/notifications';
import { KindParams, SetPreferenceDto } from './notifications.dto';

/** The signed-in person's own email choices: any person may read and set theirs. */
@ApiTags('notifications')
@Controller('v1/me/notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'each kind of notification and how the person receives it' })
  @ApiForbiddenResponse({ description: 'person_required: a token that belongs to no person has no preferences' })
  list(@CurrentActor() actor: Actor) {
    return this.preferences.list(actor);
  }

  @Put(':kind')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the kind with its new mode' })
  @ApiForbiddenResponse({ description: 'person_required' })
  set(@CurrentActor() actor: Actor, @Param() params: KindParams, @Body() body: SetPreferenceDto) {
    return this.preferences.set(actor, params.kind, body.mode);
  }
}

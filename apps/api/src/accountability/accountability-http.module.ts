import { Module } from '@nestjs/common';
import { AccountabilityModule } from '@app/accountability';
import { ActionsController } from './actions.controller';
import { OwnersController } from './owners.controller';
import { DecisionsController, DependenciesController, IssuesController, RisksController } from './raid-log.controller';

@Module({
  imports: [AccountabilityModule],
  controllers: [OwnersController, ActionsController, RisksController, IssuesController, DecisionsController, DependenciesController],
})
export class AccountabilityHttpModule {}

import { Module } from '@nestjs/common';
import { GovernanceModule } from '@app/governance';
import { FlagsController } from './flags.controller';
import { GovernanceController } from './governance.controller';

@Module({ imports: [GovernanceModule], controllers: [FlagsController, GovernanceController] })
export class GovernanceHttpModule {}

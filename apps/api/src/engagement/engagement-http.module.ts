import { Module } from '@nestjs/common';
import { EngagementModule } from '@app/engagement';

@Module({ imports: [EngagementModule], controllers: [] })
export class EngagementHttpModule {}

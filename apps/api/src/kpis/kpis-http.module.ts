import { Module } from '@nestjs/common';
import { KpisModule } from '@app/kpis';

@Module({ imports: [KpisModule], controllers: [] })
export class KpisHttpModule {}

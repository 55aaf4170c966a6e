import { Module } from '@nestjs/common';
import { BoardReadsService } from './board-reads.service';

/** The board dashboard's own read queries. */
@Module({ providers: [BoardReadsService], exports: [BoardReadsService] })
export class BoardReadModule {}

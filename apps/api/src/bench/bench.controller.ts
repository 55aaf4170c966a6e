import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Auth } from '@app/platform';

const CONSTANT = { ok: true };

/**
 * The benchmark's reference route: the same app, guard (token lookup, scope check), validation and
 * serialisation path as every other route, but no database work of its own, so `npm run bench` can
 * say how much of a real read's cost is the read. Registered only when BENCH_ROUTES=true and never
 * in production (ApiModule), and left out of the OpenAPI document.
 */
@ApiExcludeController()
@Controller('v1/bench')
export class BenchController {
  @Get('constant')
  @Auth('portfolio:read')
  constant() {
    return CONSTANT;
  }
}

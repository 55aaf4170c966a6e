import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

const SECRET_PATTERN = /\b(kpit_|whsec_)[0-9A-Za-z_+/=-]{8,}/g;

/** Structured JSON lines on stdout; never the Authorization header (pino's request serializer omits headers). */
export function createPino(level: string, name: string): Logger {
  return pino({
    name,
    level,
    base: { pid: process.pid, service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', '*.token', '*.secret', 'token', 'secret'], censor: '[redacted]' },
    // Last line of defence: a token or webhook secret anywhere in a line (a URL's query string, an
    // error message quoting input) is masked before the line is written.
    hooks: { streamWrite: (line: string) => line.replace(SECRET_PATTERN, '$1[redacted]') },
  });
}

/** Routes Nest's own log calls into pino so every line is JSON. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (message && typeof message === 'object') this.pino[level]({ context, ...(message as object) });
    else this.pino[level]({ context }, String(message));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
}

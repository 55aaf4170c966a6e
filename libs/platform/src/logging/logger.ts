import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import pretty from 'pino-pretty';

const SECRET_PATTERN = /\b(kpit_|whsec_)[0-9A-Za-z_+/=-]{8,}/g;

/**
 * Readable lines in a terminal, JSON lines otherwise (a log collector, a file, a pipe). Pretty
 * printing runs in this thread, synchronously, so the last lines before an exit are not lost.
 */
function destination(): DestinationStream {
  if (!process.stdout.isTTY) return pino.destination(1);
  return pretty({ colorize: true, sync: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service,name,context', messageFormat: '{service}{if context} {context}{end}: {msg}' });
}

/** Structured JSON lines on stdout; never the Authorization header (pino's request serializer omits headers). */
export function createPino(level: string, name: string): Logger {
  return pino(
    {
      name,
      level,
      base: { pid: process.pid, service: name },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', '*.token', '*.secret', 'token', 'secret'], censor: '[redacted]' },
      // Last line of defence: a token or webhook secret anywhere in a line (a URL's query string, an
      // error message quoting input) is masked before the line is written.
      hooks: { streamWrite: (line: string) => line.replace(SECRET_PATTERN, '$1[redacted]') },
    },
    destination(),
  );
}

const VERBOSITY = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/**
 * The process's start and stop lines: shown at any level but `silent` (at least at info), because
 * an operator needs to see that a process came up, where, and that it went down cleanly.
 */
export function createLifecyclePino(level: string, name: string): Logger {
  const shown = level === 'silent' || VERBOSITY.indexOf(level) < VERBOSITY.indexOf('info') ? level : 'info';
  return createPino(shown, name);
}

/** Nest's start-up chatter (a line per module and per route): kept for debug, not shown at info. */
const QUIET_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** Routes Nest's own log calls into pino so every line is JSON. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (message && typeof message === 'object') this.pino[level]({ context, ...(message as object) });
    else this.pino[level]({ context }, String(message));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write(QUIET_CONTEXTS.has(rest[rest.length - 1] as string) ? 'debug' : 'info', message, rest);
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

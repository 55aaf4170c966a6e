import { ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FieldError, Problem } from './problem';

/** Flattens class-validator's tree into dotted field paths with readable messages. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field, message: constraint === 'whitelistValidation' ? `${field} is not a known field; remove it` : message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** The request validation every body, query and batch item gets: whitelist, reject unknown fields, no implicit conversion. */
export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;
const TRANSFORM_OPTIONS = { enableImplicitConversion: false };

/** Whitelist, reject unknown fields, transform to DTO instances, and answer problem+json. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATION_OPTIONS,
    transform: true,
    transformOptions: TRANSFORM_OPTIONS,
    exceptionFactory: (errors) => Problem.validation(flattenValidationErrors(errors)),
  });
}

/**
 * One item validated exactly as the global pipe validates a body, for routes that take many items
 * and answer each on its own (a batch), so one bad item does not reject the others.
 */
export function validateItem<T extends object>(dto: new () => T, raw: unknown): { ok: true; value: T } | { ok: false; errors: FieldError[] } {
  const value = plainToInstance(dto, raw, TRANSFORM_OPTIONS);
  const errors = validateSync(value, VALIDATION_OPTIONS);
  return errors.length ? { ok: false, errors: flattenValidationErrors(errors) } : { ok: true, value };
}

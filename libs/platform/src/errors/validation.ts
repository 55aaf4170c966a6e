import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/** Whitelist, reject unknown fields, transform to DTO instances, and answer problem+json. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => Problem.validation(flattenValidationErrors(errors)),
  });
}

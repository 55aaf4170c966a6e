import { registerDecorator, ValidationOptions } from 'class-validator';
import { isFinancialYear } from '@app/finance';

/** A financial year such as 2026-27 (the shared validators are in @app/platform). */
export function IsFinancialYear(options: ValidationOptions = {}): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isFinancialYear',
      target: target.constructor,
      propertyName: property as string,
      options: { message: `${String(property)} must be a financial year like 2026-27`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isFinancialYear(value) },
    });
}

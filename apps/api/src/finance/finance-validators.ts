import { registerDecorator, ValidationOptions } from 'class-validator';
import { FINANCIAL_YEAR_RANGE, isFinancialYearInRange } from '@app/finance';

/** A financial year such as 2026-27 within the range the ledger accepts (the shared validators are in @app/platform). */
export function IsFinancialYear(options: ValidationOptions = {}): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isFinancialYear',
      target: target.constructor,
      propertyName: property as string,
      options: { message: `${String(property)} must be a financial year like 2026-27, from ${FINANCIAL_YEAR_RANGE.first} to ${FINANCIAL_YEAR_RANGE.aheadYears} years ahead`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isFinancialYearInRange(value) },
    });
}

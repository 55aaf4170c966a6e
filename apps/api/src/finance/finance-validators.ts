import { registerDecorator, ValidationOptions } from 'class-validator';
import { FINANCIAL_YEAR_RANGE, isFinancialYearInRange, MONEY_MESSAGE, MONEY_PATTERN } from '@app/finance';
import { isCalendarDate } from '@app/platform';

/** A decimal-string amount ("1234.50"): never a JSON number, so it cannot pass through a float. */
export function IsMoney(options: { positive?: boolean } & ValidationOptions = {}): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isMoney',
      target: target.constructor,
      propertyName: property as string,
      options: { message: options.positive ? `${String(property)} must be greater than zero and ${MONEY_MESSAGE}` : `${String(property)} ${MONEY_MESSAGE}`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && MONEY_PATTERN.test(value) && (!options.positive || /[1-9]/.test(value)) },
    });
}

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

/** A calendar date "YYYY-MM-DD" that exists (no 2026-02-30). */
export function IsCalendarDate(options: ValidationOptions = {}): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: property as string,
      options: { message: `${String(property)} must be a date YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value) },
    });
}

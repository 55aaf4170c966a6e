import { createHash } from 'node:crypto';
import { DefaultNamingStrategy, NamingStrategyInterface, Table } from 'typeorm';

const MAX_IDENTIFIER = 63;

function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

function tableOf(tableOrName: Table | string): string {
  const name = typeof tableOrName === 'string' ? tableOrName : tableOrName.name;
  return name.split('.').pop() as string;
}

/** Readable, deterministic names; long ones are cut and suffixed with a short hash so they stay unique. */
function fit(name: string): string {
  if (name.length <= MAX_IDENTIFIER) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_IDENTIFIER - 9)}_${hash}`;
}

/**
 * snake_case tables and columns, and pk_/fk_/uq_/idx_/ck_ constraint names built from the table
 * and columns, so a migration generated on any machine names things the same way.
 */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(className: string, customName?: string): string {
    return customName ?? snake(className);
  }

  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    return snake(prefixes.concat(customName ?? propertyName).join('_'));
  }

  override relationName(propertyName: string): string {
    return snake(propertyName);
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snake(`${relationName}_${referencedColumnName}`);
  }

  override primaryKeyName(tableOrName: Table | string): string {
    return fit(`pk_${tableOf(tableOrName)}`);
  }

  override uniqueConstraintName(tableOrName: Table | string, columnNames: string[]): string {
    return fit(`uq_${tableOf(tableOrName)}_${columnNames.join('_')}`);
  }

  override foreignKeyName(tableOrName: Table | string, columnNames: string[], referencedTablePath?: string): string {
    const target = referencedTablePath ? `_${tableOf(referencedTablePath)}` : '';
    return fit(`fk_${tableOf(tableOrName)}_${columnNames.join('_')}${target}`);
  }

  override indexName(tableOrName: Table | string, columnNames: string[]): string {
    return fit(`idx_${tableOf(tableOrName)}_${columnNames.join('_')}`);
  }

  override checkConstraintName(tableOrName: Table | string, expression: string): string {
    const hash = createHash('sha256').update(expression).digest('hex').slice(0, 8);
    return fit(`ck_${tableOf(tableOrName)}_${hash}`);
  }

  override relationConstraintName(tableOrName: Table | string, columnNames: string[]): string {
    return fit(`rel_${tableOf(tableOrName)}_${columnNames.join('_')}`);
  }

  override defaultConstraintName(tableOrName: Table | string, columnName: string): string {
    return fit(`df_${tableOf(tableOrName)}_${columnName}`);
  }
}

import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions, loadConfig } from '@app/platform';
import { SCHEMA } from './schema';

// The TypeORM CLI's data source: the owner role, because migrations create and grant.
export default new DataSource(dataSourceOptions(loadConfig().migrationDatabaseUrl, SCHEMA, 2));

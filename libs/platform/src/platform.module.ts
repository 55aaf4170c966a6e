import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditService } from './audit/audit.service';
import { OrganisationService } from './auth/organisation.service';
import { TokenService } from './auth/token.service';
import { AppConfig } from './config/app-config';
import { dataSourceOptions, SchemaRegistry } from './database/data-source-options';
import { Db } from './database/db.service';
import { HealthService } from './health/health.service';
import { Metrics } from './metrics/metrics';
import { RateLimiter } from './http/rate-limit';
import { BoardSessionsService, IdentityProviderService, MembershipsService, OidcSignInService, PeopleService, PermissionService, SecretBox } from './people';

/** The shared kernel both apps stand on: config, database, tenancy and tokens, audit, health. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, schema: SchemaRegistry): DynamicModule {
    return {
      module: PlatformModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl, schema, config.databasePoolSize), manualInitialization: false })],
      providers: [{ provide: AppConfig, useValue: config }, { provide: Metrics, useValue: new Metrics() }, Db, TokenService, OrganisationService, AuditService, HealthService, RateLimiter, SecretBox, PeopleService, IdentityProviderService, OidcSignInService, PermissionService, MembershipsService, BoardSessionsService],
      exports: [AppConfig, Metrics, Db, TokenService, OrganisationService, AuditService, HealthService, RateLimiter, SecretBox, PeopleService, IdentityProviderService, OidcSignInService, PermissionService, MembershipsService, BoardSessionsService],
    };
  }
}

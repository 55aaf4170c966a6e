import { Injectable } from '@nestjs/common';
import { Actor, AppConfig, assertVersion, Cursor, Db, DOMAIN_EVENT_TYPES, FieldError, isDomainEventType, Page, PageQuery, pageSize, Problem, TenantTx, toPage } from '@app/platform';
import { assertPublicTarget, checkUrlShape, TargetRefused } from './target-guard';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { DeliveryStatus, WebhookDeliveryEntity } from './webhook-delivery.entity';
import { newSigningKey } from './webhook-signature';
import { WebhookEntity } from './webhook.entity';
import { DeliveryDetailView, DeliveryView, toAttemptView, toDeliveryView, toWebhookView, WebhookView, WebhookWithSecret } from './webhook.views';

export interface WebhookInput {
  url: string;
  events: string[];
  description?: string | null;
}

export interface WebhookPatch {
  url?: string;
  events?: string[];
  description?: string | null;
  active?: boolean;
}

export interface DeliveryFilter extends PageQuery {
  status?: DeliveryStatus;
}

/** Events must be known types, named in the 400 when not. */
function checkEvents(events: string[]): string[] {
  const errors: FieldError[] = [];
  events.forEach((type, i) => {
    if (!isDomainEventType(type)) errors.push({ field: `events.${i}`, message: `"${type}" is not an event type; known types: ${DOMAIN_EVENT_TYPES.join(', ')}` });
  });
  if (errors.length) throw Problem.validation(errors);
  return [...new Set(events)];
}

const deleted = () => Problem.conflict('webhook_deleted', 'this webhook was deleted; create a new one');

/** Webhook subscriptions: the secret is shown once (create, rotate) and never returned again. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly db: Db,
    private readonly config: AppConfig,
  ) {}

  /** Shape and SSRF checks before any transaction: DNS must not hold a database connection. */
  private async checkUrl(url: string): Promise<void> {
    try {
      await assertPublicTarget(checkUrlShape(url, this.config.webhookAllowPrivateTargets), this.config.webhookAllowPrivateTargets);
    } catch (error) {
      if (error instanceof TargetRefused) throw Problem.validation([{ field: 'url', message: `url ${error.message}` }]);
      throw error;
    }
  }

  private async load(tx: TenantTx, id: string, lock = false): Promise<WebhookEntity> {
    const row = lock ? await tx.findOneForUpdate(WebhookEntity, { id }) : await tx.findOne(WebhookEntity, { id });
    if (!row) throw Problem.notFound('webhook');
    return row;
  }

  async create(actor: Actor, input: WebhookInput): Promise<WebhookWithSecret> {
    const events = checkEvents(input.events);
    await this.checkUrl(input.url);
    const { key, secret } = newSigningKey();
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.insert(WebhookEntity, { url: input.url, events, description: input.description ?? null, secret: key });
      const view = toWebhookView(row);
      await tx.audit({ action: 'webhook.created', entityType: 'webhook', entityId: row.id, after: view });
      return { ...view, secret };
    });
  }

  get(actor: Actor, id: string): Promise<WebhookView> {
    return this.db.tenant(actor, async (tx) => toWebhookView(await this.load(tx, id)));
  }

  /** Subscriptions oldest first; deleted ones are left out. */
  list(actor: Actor, query: PageQuery): Promise<Page<WebhookView>> {
    const limit = pageSize(query);
    const after = Cursor.decode(query.cursor, 2);
    return this.db.tenant(actor, async (tx) => {
      // Millisecond precision on both sides: the cursor carries a JavaScript Date.
      const qb = tx
        .select(WebhookEntity, 'w')
        .andWhere('w.deleted_at IS NULL')
        .orderBy(`date_trunc('milliseconds', w.created_at)`, 'ASC')
        .addOrderBy('w.id', 'ASC')
        .take(limit + 1);
      if (after) qb.andWhere(`(date_trunc('milliseconds', w.created_at), w.id) > (:at::timestamptz, :id::uuid)`, { at: after[0], id: after[1] });
      return toPage(await qb.getMany(), limit, (w) => [w.createdAt.toISOString(), w.id], toWebhookView);
    });
  }

  async update(actor: Actor, id: string, version: number, patch: WebhookPatch): Promise<WebhookView> {
    const events = patch.events ? checkEvents(patch.events) : undefined;
    if (patch.url !== undefined) await this.checkUrl(patch.url);
    return this.db.tenant(actor, async (tx) => {
      const row = await this.load(tx, id, true);
      assertVersion(version, row.version);
      if (row.deletedAt) throw deleted();
      const changes: Partial<WebhookEntity> = {};
      if (patch.url !== undefined && patch.url !== row.url) changes.url = patch.url;
      if (events && (events.length !== row.events.length || events.some((e) => !row.events.includes(e)))) changes.events = events;
      if (patch.description !== undefined && patch.description !== row.description) changes.description = patch.description;
      if (patch.active !== undefined && patch.active !== row.active) {
        changes.active = patch.active;
        // Switching a subscription back on starts its failure count afresh.
        if (patch.active) Object.assign(changes, { consecutiveFailures: 0, disabledReason: null });
      }
      if (Object.keys(changes).length === 0) return toWebhookView(row);
      await tx.manager.update(WebhookEntity, { id, organisationId: tx.organisationId }, changes);
      const updated = await this.load(tx, id);
      await tx.audit({ action: 'webhook.updated', entityType: 'webhook', entityId: id, before: toWebhookView(row), after: toWebhookView(updated) });
      return toWebhookView(updated);
    });
  }

  /** Stops the subscription and hides it from the list; its deliveries stay readable. Repeating it is harmless. */
  remove(actor: Actor, id: string): Promise<WebhookView> {
    return this.db.tenant(actor, async (tx) => {
      const row = await this.load(tx, id, true);
      if (row.deletedAt) return toWebhookView(row);
      await tx.manager.update(WebhookEntity, { id, organisationId: tx.organisationId }, { active: false, deletedAt: () => 'now()' } as never);
      const updated = await this.load(tx, id);
      await tx.audit({ action: 'webhook.deleted', entityType: 'webhook', entityId: id, before: toWebhookView(row), after: toWebhookView(updated) });
      return toWebhookView(updated);
    });
  }

  /** A new secret, shown this once; deliveries from now on are signed with it. */
  rotateSecret(actor: Actor, id: string): Promise<WebhookWithSecret> {
    const { key, secret } = newSigningKey();
    return this.db.tenant(actor, async (tx) => {
      const row = await this.load(tx, id, true);
      if (row.deletedAt) throw deleted();
      await tx.manager.update(WebhookEntity, { id, organisationId: tx.organisationId }, { secret: key });
      const updated = await this.load(tx, id);
      await tx.audit({ action: 'webhook.secret_rotated', entityType: 'webhook', entityId: id });
      return { ...toWebhookView(updated), secret };
    });
  }

  /** A subscription's deliveries, newest first. */
  deliveries(actor: Actor, webhookId: string, filter: DeliveryFilter): Promise<Page<DeliveryView>> {
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 2);
    return this.db.tenant(actor, async (tx) => {
      await this.load(tx, webhookId);
      const qb = tx
        .select(WebhookDeliveryEntity, 'd')
        .andWhere('d.webhook_id = :webhookId', { webhookId })
        .orderBy(`date_trunc('milliseconds', d.created_at)`, 'DESC')
        .addOrderBy('d.id', 'DESC')
        .take(limit + 1);
      if (filter.status) qb.andWhere('d.status = :status', { status: filter.status });
      if (after) qb.andWhere(`(date_trunc('milliseconds', d.created_at), d.id) < (:at::timestamptz, :id::uuid)`, { at: after[0], id: after[1] });
      return toPage(await qb.getMany(), limit, (d) => [d.createdAt.toISOString(), d.id], toDeliveryView);
    });
  }

  /** One delivery with the body sent and every attempt. */
  delivery(actor: Actor, webhookId: string, deliveryId: string): Promise<DeliveryDetailView> {
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOne(WebhookDeliveryEntity, { id: deliveryId, webhookId });
      if (!row) throw Problem.notFound('delivery');
      const attempts = await tx.find(WebhookAttemptEntity, { where: { deliveryId }, order: { attempt: 'ASC' } });
      return { ...toDeliveryView(row), body: JSON.parse(row.body) as unknown, attemptLog: attempts.map(toAttemptView) };
    });
  }
}

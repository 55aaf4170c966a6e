import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Actor, Db, Problem, systemActor } from '@app/platform';
import { DeliveryMode, KIND_TITLES, NotificationKind, NOTIFICATION_KINDS } from './notification.enums';
import { NotificationPreferenceEntity } from './notification-preference.entity';

export interface PreferenceView {
  kind: NotificationKind;
  title: string;
  mode: DeliveryMode;
}

/** Each person's choice per kind (immediate, weekly digest, off), and the one-click unsubscribe. */
@Injectable()
export class NotificationPreferencesService {
  constructor(private readonly db: Db) {}

  private personOf(actor: Actor): string {
    if (!actor.personId) throw new Problem(403, 'person_required', 'notification preferences belong to a person: sign in, or use a token that belongs to someone');
    return actor.personId;
  }

  list(actor: Actor): Promise<PreferenceView[]> {
    const personId = this.personOf(actor);
    return this.db.tenant(actor, async (tx) => {
      const rows = await tx.find(NotificationPreferenceEntity, { where: { personId } });
      const chosen = new Map(rows.map((r) => [r.kind, r.mode as DeliveryMode]));
      return NOTIFICATION_KINDS.map((kind) => ({ kind, title: KIND_TITLES[kind], mode: chosen.get(kind) ?? 'immediate' }));
    });
  }

  set(actor: Actor, kind: NotificationKind, mode: DeliveryMode): Promise<PreferenceView> {
    const personId = this.personOf(actor);
    return this.db.tenant(actor, async (tx) => {
      const before = await tx.findOne(NotificationPreferenceEntity, { personId, kind });
      await tx.query(
        `INSERT INTO notification_preferences (organisation_id, person_id, kind, mode) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organisation_id, person_id, kind) DO UPDATE SET mode = EXCLUDED.mode, updated_at = now()`,
        [tx.organisationId, personId, kind, mode],
      );
      await tx.audit({ action: 'notification_preference.set', entityType: 'person', entityId: personId, before: before ? { kind, mode: before.mode } : null, after: { kind, mode } });
      return { kind, title: KIND_TITLES[kind], mode };
    });
  }

  /**
   * One-click unsubscribe (RFC 8058): the token from an email turns its kind off for its person.
   * A digest's token turns every kind that was gathered into digests off. Unknown tokens are 404.
   */
  async unsubscribe(token: string): Promise<{ kind: string; title: string }> {
    const hash = createHash('sha256').update(token).digest();
    const found = await this.db.system((m) => m.query<{ organisation_id: string; person_id: string; kind: string }[]>(`SELECT * FROM notification_find_unsubscribe($1)`, [hash]));
    const row = found[0];
    if (!row) throw Problem.notFound('unsubscribe link');
    const actor = { ...systemActor(row.organisation_id, 'unsubscribe link'), personId: row.person_id };
    await this.db.tenant(actor, async (tx) => {
      const kinds = row.kind === 'digest' ? `(SELECT kind FROM notification_preferences WHERE organisation_id = $1 AND person_id = $2 AND mode = 'digest')` : `(SELECT $3::text)`;
      await tx.query(
        `INSERT INTO notification_preferences (organisation_id, person_id, kind, mode) SELECT $1, $2, k.kind, 'off' FROM ${kinds} k(kind)
         ON CONFLICT (organisation_id, person_id, kind) DO UPDATE SET mode = 'off', updated_at = now()`,
        [tx.organisationId, row.person_id, row.kind],
      );
      await tx.audit({ action: 'notification_preference.unsubscribed', entityType: 'person', entityId: row.person_id, after: { kind: row.kind, mode: 'off' } });
    });
    return { kind: row.kind, title: KIND_TITLES[row.kind as NotificationKind] ?? row.kind };
  }
}

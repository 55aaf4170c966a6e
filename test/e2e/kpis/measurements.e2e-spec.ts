import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';
import { insertProject, ProjectRow } from '@test/support/factories/portfolio';
import { insertKpi, insertMeasurements, isoDaysAgo } from '@test/support/factories/kpis';

describe('KPI measurements', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let project: ProjectRow;
  let reader: string;
  let writer: string;
  let kpiId: string;
  let percentKpiId: string;
  let theirKpiId: string;

  const count = async (sql: string, params: unknown[] = []) => (await ctx.db.query(sql, params)).rows[0].n as number;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    project = await insertProject(ctx.db, org.id);
    reader = await ctx.token(org, ['portfolio:read']);
    writer = await ctx.token(org, ['kpis:write']);
    kpiId = (await insertKpi(ctx.db, org.id, project.id, { name: 'Calls handled online', unit: 'calls' })).id;
    percentKpiId = (await insertKpi(ctx.db, org.id, project.id, { name: 'Completion rate', kind: 'completion_rate', unit: '%' })).id;
    theirKpiId = (await insertKpi(ctx.db, other.id, (await insertProject(ctx.db, other.id)).id)).id;
  });
  afterAll(() => ctx.close());

  describe('PUT /v1/kpis/{id}/measurements/{date}', () => {
    const date = isoDaysAgo(3);

    it('creates (201), leaves an identical value alone (200 unchanged) and updates a changed one (200), auditing before and after', async () => {
      const created = await ctx.as(writer).put(`/v1/kpis/${kpiId}/measurements/${date}`).send({ value: 120.5, note: 'from the call centre report' }).expect(201);
      expect(created.body).toMatchObject({ kpiId, date, value: 120.5, source: 'manual', note: 'from the call centre report', result: 'created' });

      const same = await ctx.as(writer).put(`/v1/kpis/${kpiId}/measurements/${date}`).send({ value: 120.5, note: 'from the call centre report' }).expect(200);
      expect(same.body).toMatchObject({ id: created.body.id, result: 'unchanged', updatedAt: created.body.updatedAt });

      const updated = await ctx.as(writer).put(`/v1/kpis/${kpiId}/measurements/${date}`).send({ value: 125, source: 'integration' }).expect(200);
      expect(updated.body).toMatchObject({ id: created.body.id, value: 125, source: 'integration', note: null, result: 'updated' });

      const audit = await ctx.as(org.adminToken).get(`/v1/audit-events?entityType=kpi_measurement&entityId=${created.body.id}`).expect(200);
      expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['kpi_measurement.updated', 'kpi_measurement.created']);
      expect(audit.body.data[0]).toMatchObject({
        before: { kpiId, date, value: 120.5, source: 'manual', note: 'from the call centre report' },
        after: { kpiId, date, value: 125, source: 'integration', note: null },
      });
      const shown = await ctx.as(reader).get(`/v1/kpis/${kpiId}`).expect(200);
      expect(shown.body.evaluation.latest).toEqual({ date, value: 125 });
    });

    it('rejects future dates, impossible dates, bad values and out-of-range percentages (400)', async () => {
      const tomorrowPlus = isoDaysAgo(-2);
      const future = expectProblem(await ctx.as(writer).put(`/v1/kpis/${kpiId}/measurements/${tomorrowPlus}`).send({ value: 1 }), 400);
      expect(future.errors).toEqual([{ field: 'date', message: expect.stringContaining('must not be in the future') }]);
      expect(expectProblem(await ctx.as(writer).put(`/v1/kpis/${kpiId}/measurements/2025-13-01`).send({ value: 1 }), 400).errors?.[0].field).toBe('date');
      expect(expectProblem(await ctx.as(writer).put(`/v1/kpis/${kpiId}/measurements/${date}`).send({ value: '1' }), 400).errors?.[0].field).toBe('value');
      expect(expectProblem(await ctx.as(writer).put(`/v1/kpis/${kpiId}/measurements/${date}`).send({ value: 1, source: 'fax' }), 400).errors?.[0].field).toBe('source');
      expect(expectProblem(await ctx.as(writer).put(`/v1/kpis/${kpiId}/measurements/${date}`).send({ value: 1, extra: 1 }), 400).errors?.[0].field).toBe('extra');
      const percent = expectProblem(await ctx.as(writer).put(`/v1/kpis/${percentKpiId}/measurements/${date}`).send({ value: 101 }), 400);
      expect(percent.errors).toEqual([{ field: 'value', message: expect.stringContaining('percentage from 0 to 100') }]);
      expect(await count(`SELECT count(*)::int AS n FROM kpi_measurements WHERE kpi_id = $1`, [percentKpiId])).toBe(0);
    });

    it("needs kpis:write (403) and answers 404 for another organisation's KPI, storing nothing", async () => {
      expectProblem(await ctx.as(reader).put(`/v1/kpis/${kpiId}/measurements/${date}`).send({ value: 1 }), 403);
      const foreign = expectProblem(await ctx.as(writer).put(`/v1/kpis/${theirKpiId}/measurements/${date}`).send({ value: 1 }), 404);
      const random = expectProblem(await ctx.as(writer).put(`/v1/kpis/${randomUuid()}/measurements/${date}`).send({ value: 1 }), 404);
      expect(foreign.detail).toBe(random.detail);
      expect(await count(`SELECT count(*)::int AS n FROM kpi_measurements WHERE kpi_id = $1`, [theirKpiId])).toBe(0);
    });
  });

  describe('GET /v1/kpis/{id}/measurements', () => {
    let historyKpi: string;

    beforeAll(async () => {
      historyKpi = (await insertKpi(ctx.db, org.id, project.id, { name: 'history' })).id;
      await insertMeasurements(ctx.db, org.id, historyKpi, [30, 60, 90, 120, 150].map((d, i) => ({ date: isoDaysAgo(d), value: i })));
    });

    it('lists the history newest first, within from and to, page by page', async () => {
      const all = await ctx.as(reader).get(`/v1/kpis/${historyKpi}/measurements`).expect(200);
      expect(all.body.data.map((m: { date: string }) => m.date)).toEqual([30, 60, 90, 120, 150].map((d) => isoDaysAgo(d)));
      expect(all.body.data[0]).toMatchObject({ kpiId: historyKpi, value: 0, source: 'manual' });
      const ranged = await ctx.as(reader).get(`/v1/kpis/${historyKpi}/measurements?from=${isoDaysAgo(120)}&to=${isoDaysAgo(60)}`).expect(200);
      expect(ranged.body.data.map((m: { value: number }) => m.value)).toEqual([1, 2, 3]);
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { data: { value: number }[]; nextCursor: string | null } } = await ctx.as(reader).get(`/v1/kpis/${historyKpi}/measurements?limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        seen.push(...page.body.data.map((m) => m.value));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual([0, 1, 2, 3, 4]);
    });

    it('validates the range (400), needs portfolio:read (403), and hides other organisations (404)', async () => {
      expectProblem(await ctx.as(reader).get(`/v1/kpis/${historyKpi}/measurements?from=yesterday`), 400);
      expect(expectProblem(await ctx.as(reader).get(`/v1/kpis/${historyKpi}/measurements?from=${isoDaysAgo(1)}&to=${isoDaysAgo(9)}`), 400).errors?.[0].field).toBe('from');
      expectProblem(await ctx.as(writer).get(`/v1/kpis/${historyKpi}/measurements`), 403);
      const foreign = expectProblem(await ctx.as(reader).get(`/v1/kpis/${theirKpiId}/measurements`), 404);
      const random = expectProblem(await ctx.as(reader).get(`/v1/kpis/${randomUuid()}/measurements`), 404);
      expect(foreign.detail).toBe(random.detail);
    });
  });

  describe('POST /v1/kpis/measurements/batch', () => {
    it('stores 990 of 1,000 items with 10 itemised errors, and the same batch again changes nothing', async () => {
      const kpis = [];
      for (let i = 0; i < 4; i++) kpis.push((await insertKpi(ctx.db, org.id, project.id, { name: `batch ${i}`, kind: i === 0 ? 'digital_take_up' : 'custom', unit: '%' })).id);
      const items: Record<string, unknown>[] = [];
      for (let i = 0; i < 1000; i++) items.push({ kpiId: kpis[i % 4], date: isoDaysAgo(1 + Math.floor(i / 4)), value: 40 + (i % 50) / 10, note: i % 7 === 0 ? `note ${i}` : undefined });
      // Ten bad items, each wrong in its own way, spread through the batch.
      const bad: [number, Record<string, unknown>, string, string][] = [
        [3, { value: '12' }, 'value', 'invalid'],
        [100, { date: isoDaysAgo(-5) }, 'date', 'invalid'],
        [200, { date: '2025-02-29' }, 'date', 'invalid'],
        [300, { kpiId: 'not-a-uuid' }, 'kpiId', 'invalid'],
        [400, { kpiId: randomUuid() }, 'kpiId', 'not_found'],
        [500, { kpiId: theirKpiId }, 'kpiId', 'not_found'],
        [600, { source: 'telepathy' }, 'source', 'invalid'],
        [700, { colour: 'red' }, 'colour', 'invalid'],
        [800, { kpiId: kpis[0], value: 140 }, 'value', 'invalid'],
        [900, { value: null }, 'value', 'invalid'],
      ];
      for (const [index, change] of bad) items[index] = { ...items[index], ...change };
      const before = await count(`SELECT count(*)::int AS n FROM audit_events`);

      const first = await ctx.as(writer).post('/v1/kpis/measurements/batch').send({ items }).expect(200);
      expect(first.body.results).toHaveLength(1000);
      expect(first.body.results.map((r: { index: number }) => r.index)).toEqual(items.map((_, i) => i));
      expect(first.body.summary).toEqual({ created: 990, updated: 0, unchanged: 0, invalid: 8, not_found: 2, forbidden: 0 });
      for (const [index, , field, status] of bad) {
        expect(first.body.results[index]).toMatchObject({ index, status, errors: [expect.objectContaining({ field: `items[${index}].${field}` })] });
      }
      expect(await count(`SELECT count(*)::int AS n FROM kpi_measurements WHERE kpi_id = ANY($1)`, [kpis])).toBe(990);
      expect(await count(`SELECT count(*)::int AS n FROM kpi_measurements WHERE kpi_id = $1`, [theirKpiId])).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM audit_events`)).toBe(before + 990);

      const again = await ctx.as(writer).post('/v1/kpis/measurements/batch').send({ items }).expect(200);
      expect(again.body.summary).toEqual({ created: 0, updated: 0, unchanged: 990, invalid: 8, not_found: 2, forbidden: 0 });
      expect(await count(`SELECT count(*)::int AS n FROM audit_events`)).toBe(before + 990);

      // A corrected resend: two values change, the rest are the same.
      items[0] = { ...items[0], value: 99 };
      items[1] = { ...items[1], note: 'revised' };
      const corrected = await ctx.as(writer).post('/v1/kpis/measurements/batch').send({ items }).expect(200);
      expect(corrected.body.summary).toEqual({ created: 0, updated: 2, unchanged: 988, invalid: 8, not_found: 2, forbidden: 0 });
      expect(corrected.body.results[0]).toMatchObject({ status: 'updated', measurementId: expect.any(String) });
      const audit = await ctx.db.query(`SELECT before->>'value' AS before, after->>'value' AS after FROM audit_events WHERE entity_id = $1 AND action = 'kpi_measurement.updated'`, [
        corrected.body.results[0].measurementId,
      ]);
      expect(audit.rows).toEqual([{ before: '40', after: '99' }]);
    });

    it('reports a repeated kpiId and date within one batch, and defaults the source to integration', async () => {
      const res = await ctx
        .as(writer)
        .post('/v1/kpis/measurements/batch')
        .send({ items: [{ kpiId, date: isoDaysAgo(400), value: 1 }, { kpiId, date: isoDaysAgo(400), value: 2 }, 'junk'] })
        .expect(200);
      expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'invalid', 'invalid']);
      expect(res.body.results[1].errors[0].message).toContain('items[0] already has this kpiId and date');
      const stored = await ctx.db.query(`SELECT value::float AS value, source FROM kpi_measurements WHERE kpi_id = $1 AND measured_on = $2`, [kpiId, isoDaysAgo(400)]);
      expect(stored.rows).toEqual([{ value: 1, source: 'integration' }]);
    });

    it('rejects a batch that is empty, not a list or over 1,000 items (400)', async () => {
      expect(expectProblem(await ctx.as(writer).post('/v1/kpis/measurements/batch').send({ items: [] }), 400).errors?.[0].field).toBe('items');
      expect(expectProblem(await ctx.as(writer).post('/v1/kpis/measurements/batch').send({ items: 'all' }), 400).errors?.[0].field).toBe('items');
      const tooMany = Array.from({ length: 1001 }, () => ({ kpiId, date: isoDaysAgo(1), value: 1 }));
      expect(expectProblem(await ctx.as(writer).post('/v1/kpis/measurements/batch').send({ items: tooMany }), 400).errors?.[0].message).toContain('at most 1000');
    });

    it('needs kpis:write (403)', async () => {
      expectProblem(await ctx.as(reader).post('/v1/kpis/measurements/batch').send({ items: [{ kpiId, date: isoDaysAgo(1), value: 1 }] }), 403);
    });
  });
});

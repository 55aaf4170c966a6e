import { TestContext, TestOrg } from '@test/support/test-app';
import { insertProject } from '@test/support/factories/portfolio';
import { insertKpi, insertMeasurements, isoDaysAgo } from '@test/support/factories/kpis';

/**
 * kpi_latest_measurements is kept by triggers (migration 1763800009100); scans and the portfolio
 * trust it. Whatever writes the measurements, it must equal the latest row of kpi_measurements.
 */
describe('the kept latest measurement of each KPI', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let kpiId: string;

  const kept = async () => (await ctx.db.query(`SELECT to_char(measured_on, 'YYYY-MM-DD') AS on, value::text AS value FROM kpi_latest_measurements WHERE kpi_id = $1`, [kpiId])).rows;
  const truth = async () =>
    (await ctx.db.query(`SELECT to_char(measured_on, 'YYYY-MM-DD') AS on, value::text AS value FROM kpi_measurements WHERE kpi_id = $1 ORDER BY measured_on DESC LIMIT 1`, [kpiId])).rows;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    const project = await insertProject(ctx.db, org.id);
    kpiId = (await insertKpi(ctx.db, org.id, project.id)).id;
  });
  afterAll(() => ctx.close());

  it('follows inserts in any order, API upserts, updates that move it back, and deletes', async () => {
    expect(await kept()).toEqual([]);
    await insertMeasurements(ctx.db, org.id, kpiId, [
      { date: isoDaysAgo(40), value: 10 },
      { date: isoDaysAgo(10), value: 30 },
      { date: isoDaysAgo(20), value: 20 },
    ]);
    expect(await kept()).toEqual([{ on: isoDaysAgo(10), value: '30' }]);

    // An older date does not displace it; a new value for the latest date does.
    await ctx.as(org.adminToken).put(`/v1/kpis/${kpiId}/measurements/${isoDaysAgo(30)}`).send({ value: 25 }).expect((r) => expect(r.status).toBeLessThan(300));
    expect(await kept()).toEqual([{ on: isoDaysAgo(10), value: '30' }]);
    await ctx.as(org.adminToken).put(`/v1/kpis/${kpiId}/measurements/${isoDaysAgo(10)}`).send({ value: 35 }).expect((r) => expect(r.status).toBeLessThan(300));
    expect(await kept()).toEqual([{ on: isoDaysAgo(10), value: '35' }]);

    await ctx.db.query(`UPDATE kpi_measurements SET measured_on = $2 WHERE kpi_id = $1 AND measured_on = $3`, [kpiId, isoDaysAgo(60), isoDaysAgo(10)]);
    expect(await kept()).toEqual(await truth());
    expect(await kept()).toEqual([{ on: isoDaysAgo(20), value: '20' }]);

    await ctx.db.query(`DELETE FROM kpi_measurements WHERE kpi_id = $1 AND measured_on >= $2`, [kpiId, isoDaysAgo(30)]);
    expect(await kept()).toEqual([{ on: isoDaysAgo(40), value: '10' }]);
    await ctx.db.query(`DELETE FROM kpi_measurements WHERE kpi_id = $1`, [kpiId]);
    expect(await kept()).toEqual([]);
  });
});

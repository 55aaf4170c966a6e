import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { QUEUES } from '@app/platform';
import { TestContext, TestOrg } from '@test/support/test-app';
import { obliterate, startWorker, waitFor } from '@test/support/test-worker';
import { insertProject } from '@test/support/factories/portfolio';
import { insertPerson } from '@test/support/factories/people';
import { daysAgo } from '@test/support/factories/engagement';
import { BoardClient, csrfFrom } from './board-client';

const ukDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The finance officer's spend upload in the board: file, mapping (remembered), preview, import, status, undo. */
describe('spend upload forms', () => {
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let other: TestOrg;
  let finance: BoardClient;
  let pmoReader: BoardClient;
  let code: string;
  let theirImport: string;

  const file = (rows: string[]) => Buffer.from(['Paid On,Cost Centre,Payee,Net', ...rows].join('\r\n') + '\r\n');
  const good = () => [`${ukDate(daysAgo(3))},${code},"Acme, Digital Ltd","£1,234.50"`, `${ukDate(daysAgo(2))},${code},Hosting Co,99.90`];

  /** The file form posts multipart: the session token first, then the file. */
  const upload = (client: BoardClient, csrf: string | null, content: Buffer | null, name = 'april.csv') => {
    const req = request(ctx.app.getHttpServer()).post('/board/spend/uploads').set('cookie', `board_session=${client.session}`);
    if (csrf) req.field('_csrf', csrf);
    return content ? req.attach('file', content, name) : req.field('note', 'no file');
  };
  const mapping = { 'col-spentOn': 'Paid On', 'col-amount': 'Net', 'col-supplier': 'Payee', 'col-projectCode': 'Cost Centre', dateFormat: 'dd/MM/yyyy', skipRows: '0', negatives: 'reject', mode: 'partial' };
  const settled = (id: string, states: string[]) =>
    waitFor(async () => {
      const page = await finance.get(`/board/spend/imports/${id}`).expect(200);
      const status = /data-status="([a-z_]+)"/.exec(page.text)?.[1] ?? '';
      return states.includes(status) ? page.text : null;
    }, 20_000);

  beforeAll(async () => {
    ctx = await TestContext.start({ boardTokenSignIn: true, outboxPollMs: 100 });
    worker = await startWorker(ctx.config);
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    code = (await insertProject(ctx.db, org.id, { code: `UP-${Date.now() % 100000}` })).code;
    const officer = await insertPerson(ctx, org, { name: 'Grace Lee', roles: ['finance'] });
    finance = new BoardClient(ctx);
    await finance.signIn(officer.token);
    const viewer = await insertPerson(ctx, org, { name: 'Alex Morgan', roles: ['viewer'] });
    pmoReader = new BoardClient(ctx);
    await pmoReader.signIn(viewer.token);
    const theirs = await ctx.db.query(
      `INSERT INTO spend_imports (organisation_id, status, mode, file_name, checksum, encoding, size_bytes, mapping, mapping_hash) VALUES ($1, 'completed', 'atomic', 'theirs.csv', 'x', 'utf-8', 1, '{}', 'y') RETURNING id`,
      [other.id],
    );
    theirImport = theirs.rows[0].id;
  });
  afterAll(async () => {
    await obliterate(worker, [QUEUES.imports]);
    await worker.close();
    await ctx.close();
  });

  it('says what to fix when no file or no token is sent, and when the mapping is incomplete (400)', async () => {
    const csrf = csrfFrom((await finance.get('/board/spend/imports/new').expect(200)).text);
    const none = await upload(finance, csrf, null);
    expect(none.status).toBe(400);
    expect(none.text).toContain('govuk-error-summary');
    expect(none.text).toContain('Select a CSV file');
    const notCsv = await upload(finance, csrf, Buffer.from('hello'), 'notes.pdf');
    expect(notCsv.status).toBe(400);
    expect(notCsv.text).toContain('must be a CSV file');
    expect((await upload(finance, null, file(good()))).status).toBe(403);

    const staged = await upload(finance, csrf, file(good()));
    expect(staged.status).toBe(303);
    const form = await finance.get(staged.headers.location).expect(200);
    expect(form.text).toContain('<option value="Paid On">Paid On</option>');
    const bad = await finance.post(staged.headers.location, { _csrf: csrf, ...mapping, 'col-spentOn': '', 'col-projectCode': '', dateFormat: 'dd/MM/yyyy', action: 'preview' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('govuk-error-summary');
    expect(bad.text).toContain('Select the column that holds the date of the spend');
    expect(bad.text).toContain('Select the column that holds the project code, or choose a project for every row');
    expect(bad.text).toMatch(/<option value="Payee" selected>Payee<\/option>/);
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM spend_imports WHERE organisation_id = $1`, [org.id])).rows[0].n).toBe(0);
  });

  it('previews the rows with a problem, imports the file, shows counts and issues, offers the mapping again, and undoes it', async () => {
    const csrf = await finance.csrf();
    const staged = await upload(finance, csrf, file([...good(), `${ukDate(daysAgo(1))},NOPE-1,Someone,10.00`]));
    const url = staged.headers.location as string;
    const preview = await finance.post(url, { _csrf: csrf, ...mapping, action: 'preview' });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Check the file before importing');
    expect(preview.text).toContain('<span data-count="valid">2</span>');
    expect(preview.text).toContain('<span data-count="rejected">1</span>');
    expect(preview.text).toContain('project code &quot;NOPE-1&quot; is not a project of this organisation');
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM spend_entries WHERE organisation_id = $1`, [org.id])).rows[0].n).toBe(0);

    const queued = await finance.post(url, { _csrf: csrf, ...mapping, action: 'import' });
    expect(queued.status).toBe(303);
    const importId = /\/board\/spend\/imports\/([0-9a-f-]{36})$/.exec(queued.headers.location)?.[1] as string;
    expect(importId).toBeDefined();
    const done = await settled(importId, ['completed_with_errors']);
    expect(done).toContain('<span data-count="imported">2</span>');
    expect(done).toContain('<span data-count="rejected">1</span>');
    expect(done).toContain('Undo the import');
    expect((await finance.get(`/board/spend/imports/${importId}/issues`).expect(200)).text).toContain('NOPE-1');
    expect((await ctx.db.query(`SELECT sum(amount)::text AS total FROM spend_entries WHERE organisation_id = $1`, [org.id])).rows[0].total).toBe('1334.40');
    // The draft is gone once imported.
    expect((await finance.get(url)).status).toBe(404);

    // The next file with the same columns (in another order) is offered the same mapping.
    const again = await upload(finance, csrf, Buffer.from(`Net,Payee,Cost Centre,Paid On\r\n5.00,Someone,${code},${ukDate(daysAgo(1))}\r\n`), 'may.csv');
    const offered = (await finance.get(again.headers.location).expect(200)).text;
    expect(offered).toContain('filled this in from the');
    expect(offered).toMatch(/<option value="Paid On" selected>Paid On<\/option>/);
    expect(offered).toMatch(/<option value="Cost Centre" selected>Cost Centre<\/option>/);

    const noReason = await finance.post(`/board/spend/imports/${importId}/undo`, { _csrf: csrf, reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Enter why the import is being undone');
    const undo = await finance.post(`/board/spend/imports/${importId}/undo`, { _csrf: csrf, reason: 'Wrong month' });
    expect(undo.status).toBe(303);
    const undone = await settled(importId, ['undone']);
    expect(undone).toContain('<span data-count="reversed">2</span>');
    expect((await ctx.db.query(`SELECT sum(amount)::text AS total FROM spend_entries WHERE organisation_id = $1`, [org.id])).rows[0].total).toBe('0.00');
  });

  it('refuses people without a finance role (403) and hides another organisation’s import and upload (404)', async () => {
    for (const url of ['/board/spend/imports', '/board/spend/imports/new', `/board/spend/imports/${theirImport}`]) {
      const page = await pmoReader.get(url);
      expect({ url, status: page.status }).toEqual({ url, status: 403 });
      expect(page.text).toContain('You cannot do this');
    }
    expect((await upload(pmoReader, await pmoReader.csrf(), file(good()))).status).toBe(403);
    expect((await finance.get('/board').expect(200)).text).toContain('href="/board/spend/imports"');
    expect((await pmoReader.get('/board').expect(200)).text).not.toContain('href="/board/spend/imports"');
    const theirs = await finance.get(`/board/spend/imports/${theirImport}`);
    expect(theirs.status).toBe(404);
    expect(theirs.text).toContain('Page not found');
    expect((await finance.post(`/board/spend/imports/${theirImport}/undo`, { _csrf: await finance.csrf(), reason: 'No' })).status).toBe(404);
    // Another organisation's project is not a choice for rows with no project code.
    const theirProject = (await insertProject(ctx.db, other.id)).id;
    const staged = await upload(finance, await finance.csrf(), file(good()));
    const foreign = await finance.post(staged.headers.location, { _csrf: await finance.csrf(), ...mapping, 'col-projectCode': '', defaultProjectId: theirProject, action: 'import' });
    expect(foreign.status).toBe(400);
    expect(foreign.text).toContain('Select a project from the list');
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM spend_imports WHERE organisation_id = $1`, [org.id])).rows[0].n).toBe(1);
    const theirDraft = (await ctx.db.query(`INSERT INTO spend_upload_drafts (organisation_id, file_name, size_bytes, data) VALUES ($1, 'x.csv', 1, 'a') RETURNING id`, [other.id])).rows[0].id;
    expect((await finance.get(`/board/spend/uploads/${theirDraft}`)).status).toBe(404);
  });
});

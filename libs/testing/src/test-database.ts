import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** The server the jest global setup started (or TEST_DATABASE_URL); every suite gets a database of its own on it. */
export function testServerUrl(): string {
  const url = process.env.NTM_TEST_ADMIN_URL;
  if (!url) throw new Error('NTM_TEST_ADMIN_URL is not set: run the tests through jest (its global setup starts PostgreSQL)');
  return url;
}

export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const admin = testServerUrl();
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(6).toString('hex')}`;
  await withClient(admin, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

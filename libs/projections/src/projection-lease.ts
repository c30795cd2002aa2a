import { Client } from 'pg';

/**
 * One worker runs a projection at a time: the holder keeps a session advisory lock on a connection of its own. If the
 * holder dies, the server ends its session and frees the lock, and a standby's next attempt takes over.
 */
export class ProjectionLease {
  private client: Client | null = null;
  private readonly held = new Set<string>();

  constructor(private readonly connectionString: string) {}

  async tryAcquire(name: string): Promise<boolean> {
    if (this.held.has(name)) return true;
    const client = await this.connection();
    const [{ ok }] = (await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtext('ntm-projection'), hashtext($1)) AS ok`, [name])).rows;
    if (ok) this.held.add(name);
    return ok;
  }

  async release(name: string): Promise<void> {
    if (!this.held.delete(name) || !this.client) return;
    await this.client.query(`SELECT pg_advisory_unlock(hashtext('ntm-projection'), hashtext($1))`, [name]).catch(() => undefined);
  }

  holds(name: string): boolean {
    return this.held.has(name);
  }

  async close(): Promise<void> {
    this.held.clear();
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    // Keepalives make the server notice a vanished holder in seconds, not after the kernel's default of hours.
    const client = new Client({ connectionString: this.connectionString, application_name: 'ntm-projection-lease', keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    client.on('error', () => {
      // The session is gone and with it every lock it held: forget them, so the runner stops and competes again.
      this.held.clear();
      if (this.client === client) this.client = null;
    });
    await client.connect();
    this.client = client;
    return client;
  }
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ChainSealer, EVENT_STORE, loadSealingKey, type EventStore } from '@app/event-store';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../event-store.module';

/**
 * Seals the hash chains' heads every SEAL_INTERVAL_MS (and once at start-up) when SEAL_KEY_FILE is set; idle
 * otherwise. One process of an installation should seal: each process keeps its own place in the log's chain.
 */
@Injectable()
export class SealingTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Seals');
  private sealer: ChainSealer | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SEAL_KEY_FILE || !this.config.SEAL_LOG_FILE) return;
    // A missing or wrong key stops start-up here, not an hour later at the first seal.
    this.sealer = new ChainSealer(this.store, loadSealingKey(this.config.SEAL_KEY_FILE), this.config.SEAL_LOG_FILE);
    this.tick();
    this.timer = setInterval(() => this.tick(), this.config.SEAL_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running || !this.sealer) return;
    this.running = this.sealer
      .sealNow()
      .then((seal) => {
        if (seal) this.logger.log(`sealed ${seal.events} events in ${seal.streams} streams up to ${seal.position}`);
      })
      .catch((err: Error) => this.logger.error(`sealing failed (next try in ${this.config.SEAL_INTERVAL_MS} ms): ${err.message}`))
      .finally(() => (this.running = null));
  }
}

import { type Admin, Kafka } from 'kafkajs';
import type { ClusterConfig } from '../../config/index.ts';
import type { Logger } from '../../shared/logger.ts';
import { kafkaOptions } from '../options.ts';
import { KafkaInternals } from '../protocol/index.ts';
import { toRefusal } from './refusal.ts';

/**
 * The operator actions' own Kafka connections for one cluster (kafkajs' admin client and, for the
 * requests kafkajs lacks, its Cluster behind KafkaInternals), separate from the collector's: an
 * offset reset or config edit never waits behind a poll cycle, nor delays one. Connected on first use.
 */
export class AdminConnection {
  readonly internals: KafkaInternals;
  readonly requestTimeout: number;
  private admin: Promise<Admin> | undefined;
  private readonly kafka: Kafka;

  constructor(config: ClusterConfig, logger: Logger) {
    this.kafka = new Kafka(kafkaOptions(config, logger));
    this.internals = new KafkaInternals(this.kafka);
    this.requestTimeout = config.requestTimeout;
  }

  /** Runs `use` and turns whatever it throws into an OperatorRefusal. */
  async call<T>(use: (admin: Admin, internals: KafkaInternals) => Promise<T>): Promise<T> {
    try {
      return await use(await this.connected(), this.internals);
    } catch (error) {
      throw toRefusal(error);
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await Promise.all([
      admin?.then((a) => a.disconnect()).catch(() => undefined),
      this.internals.disconnect().catch(() => undefined),
    ]);
  }

  private connected(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(
        () => admin,
        (error: unknown) => {
          this.admin = undefined; // the next request tries again
          throw error;
        },
      );
    }
    return this.admin;
  }
}

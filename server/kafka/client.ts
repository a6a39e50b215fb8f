import { type Admin, Kafka } from 'kafkajs';
import type { ClusterConfig } from '../config/index.ts';
import type { Logger } from '../logger.ts';
import { kafkaOptions } from './options.ts';

export interface BrokerNode {
  id: number;
  host: string;
  port: number;
}

export interface ClusterDescription {
  clusterId: string;
  /** The controller id Metadata reports (in KRaft mode a random broker, not the quorum leader). */
  metadataControllerId: number | null;
  brokers: BrokerNode[];
}

/**
 * The only code that talks to Kafka. One long-lived connection set per cluster; every
 * method is bounded by the cluster's request timeout, so a dead broker fails a call
 * instead of stalling the poll loop.
 */
export class ClusterClient {
  readonly name: string;
  private readonly admin: Admin;
  private connected = false;

  constructor(
    private readonly config: ClusterConfig,
    logger: Logger,
  ) {
    this.name = config.name;
    this.admin = new Kafka(kafkaOptions(config, logger)).admin();
  }

  async describeCluster(): Promise<ClusterDescription> {
    await this.connect();
    const described = await this.withTimeout(this.admin.describeCluster(), 'describe cluster');
    return {
      clusterId: described.clusterId,
      metadataControllerId: described.controller,
      brokers: described.brokers.map((b) => ({ id: b.nodeId, host: b.host, port: b.port })),
    };
  }

  async close(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.admin.disconnect();
  }

  private async connect(): Promise<void> {
    if (this.connected) return;
    await this.withTimeout(this.admin.connect(), 'connect');
    this.connected = true;
  }

  private async withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${what} timed out after ${this.config.requestTimeout} ms`)),
        this.config.requestTimeout,
      );
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

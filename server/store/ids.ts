import type { Database, Statement } from 'better-sqlite3';

/**
 * Integer ids for cluster, topic and group names, cached in memory: a cycle repeats the
 * same names thousands of times and the per-cycle tables store only ids.
 * If a write transaction rolls back, call forget(): ids handed out inside it do not exist.
 */
export class NameIds {
  private readonly clusters = new Map<string, number>();
  private readonly topics = new Map<number, Map<string, number>>();
  private readonly groups = new Map<number, Map<string, number>>();
  private readonly sql: {
    findCluster: Statement<[string], { id: number }>;
    insertCluster: Statement<[string]>;
    topics: Statement<[number], { id: number; name: string }>;
    insertTopic: Statement<[number, string]>;
    groups: Statement<[number], { id: number; name: string }>;
    insertGroup: Statement<[number, string]>;
  };

  constructor(db: Database) {
    this.sql = {
      findCluster: db.prepare('SELECT id FROM cluster WHERE name = ?'),
      insertCluster: db.prepare('INSERT INTO cluster (name) VALUES (?)'),
      topics: db.prepare('SELECT id, name FROM topic WHERE cluster_id = ?'),
      insertTopic: db.prepare('INSERT INTO topic (cluster_id, name) VALUES (?, ?)'),
      groups: db.prepare('SELECT id, name FROM consumer_group WHERE cluster_id = ?'),
      insertGroup: db.prepare('INSERT INTO consumer_group (cluster_id, name) VALUES (?, ?)'),
    };
  }

  /** The cluster's id, created on first use. */
  cluster(name: string): number {
    let id = this.clusters.get(name);
    if (id === undefined) {
      id = this.sql.findCluster.get(name)?.id ?? Number(this.sql.insertCluster.run(name).lastInsertRowid);
      this.clusters.set(name, id);
    }
    return id;
  }

  /** The cluster's id if it was ever written; never creates one. */
  findCluster(name: string): number | undefined {
    return this.clusters.get(name) ?? this.sql.findCluster.get(name)?.id;
  }

  topic(clusterId: number, name: string): number {
    return this.idIn(this.topicsOf(clusterId), clusterId, name, this.sql.insertTopic);
  }

  group(clusterId: number, name: string): number {
    return this.idIn(this.groupsOf(clusterId), clusterId, name, this.sql.insertGroup);
  }

  topicsOf(clusterId: number): Map<string, number> {
    return this.load(this.topics, clusterId, this.sql.topics);
  }

  groupsOf(clusterId: number): Map<string, number> {
    return this.load(this.groups, clusterId, this.sql.groups);
  }

  /** id → name, for turning stored rows back into names. */
  topicNames(clusterId: number): Map<number, string> {
    return invert(this.topicsOf(clusterId));
  }

  groupNames(clusterId: number): Map<number, string> {
    return invert(this.groupsOf(clusterId));
  }

  forget(): void {
    this.clusters.clear();
    this.topics.clear();
    this.groups.clear();
  }

  private load(
    cache: Map<number, Map<string, number>>,
    clusterId: number,
    select: Statement<[number], { id: number; name: string }>,
  ): Map<string, number> {
    let names = cache.get(clusterId);
    if (!names) {
      names = new Map(select.all(clusterId).map((row) => [row.name, row.id]));
      cache.set(clusterId, names);
    }
    return names;
  }

  private idIn(
    names: Map<string, number>,
    clusterId: number,
    name: string,
    insert: Statement<[number, string]>,
  ): number {
    let id = names.get(name);
    if (id === undefined) {
      id = Number(insert.run(clusterId, name).lastInsertRowid);
      names.set(name, id);
    }
    return id;
  }
}

function invert(names: ReadonlyMap<string, number>): Map<number, string> {
  return new Map([...names].map(([name, id]) => [id, name]));
}

// Words of the backlog doctor's panels. Findings bring their own text in both languages from
// the server; these are only the labels around them. Kept apart from dictionaries/ so the panels
// stay one self-contained feature.
import { i18n, interpolate } from './i18n.svelte.ts';

const en = {
  why: 'Why is it lagging?',
  noFindings: 'No finding: the lag is within what its rates explain.',
  suggestion: 'What to do',
  evidence: 'Evidence',
  capacity: 'Producers vs this group',
  produce: 'Produce (msg/s)',
  consume: 'Consume (msg/s)',
  deficit: 'Deficit (msg/s)',
  catchUp: 'Catch up in',
  never: 'never at current rates',
  noHistory: 'no history yet',
  members: 'Members',
  partitions: 'Partitions',
  share: 'Share of lag',
  rebalances: '{count} rebalance(s) in the last {window}',
  lost: '{count} messages lost',
  retention: 'Retention',
  deletion: 'Deleted in',
  group: 'Group',
  lagCol: 'Lag',
  lostCol: 'Lost',
  topicFindings: 'Skew and retention',
  sizeSkew: 'Size skew (max/mean)',
  rateSkew: 'Produce-rate skew (max/mean)',
  retentionNone: 'Retention does not apply (compacted or unlimited)',
  leaderBalance: 'Leader balance',
  leaders: 'Leaders',
  fairShare: 'Fair share',
  preferred: 'Preferred',
  elsewhere: 'Preferred, led elsewhere',
  imbalance: 'Imbalance',
  notPreferred:
    '{count} partition(s) not led by their preferred replica: run a preferred leader election (kafka-leader-election.sh --election-type PREFERRED).',
  balanced: 'Every partition is led by its preferred replica.',
  lagging: 'Top lagging groups',
  firstFinding: 'First finding',
  noLagging: 'No group is lagging.',
  throughput: 'Messages in (msg/s) and total lag',
  msgsIn: 'Messages in',
  totalLag: 'Total lag',
  events: 'Latest events',
  noEvents: 'No events in the last hours.',
  wall: 'Wall mode',
  exitWall: 'Exit wall mode',
  isrShrink: 'ISR of {partition} shrank: broker {brokers} out',
  isrExpand: 'ISR of {partition} expanded: broker {brokers} back',
  alertFiring: '{name} firing',
  alertResolved: '{name} resolved',
};

const zh: Record<keyof typeof en, string> = {
  why: '为什么积压？',
  noFindings: '没有发现问题：积压在当前速率可解释的范围内。',
  suggestion: '建议',
  evidence: '依据',
  capacity: '生产与消费速率',
  produce: '生产（条/秒）',
  consume: '消费（条/秒）',
  deficit: '差额（条/秒）',
  catchUp: '追上时间',
  never: '按当前速率无法追上',
  noHistory: '暂无历史',
  members: '成员',
  partitions: '分区',
  share: '积压占比',
  rebalances: '最近 {window} 内重平衡 {count} 次',
  lost: '已丢失 {count} 条消息',
  retention: '保留策略',
  deletion: '删除倒计时',
  group: '消费组',
  lagCol: '积压',
  lostCol: '已丢失',
  topicFindings: '倾斜与保留',
  sizeSkew: '数据量倾斜（最大/平均）',
  rateSkew: '写入速率倾斜（最大/平均）',
  retentionNone: '保留删除不适用（压缩主题或无限保留）',
  leaderBalance: 'Leader 均衡',
  leaders: 'Leader 数',
  fairShare: '均衡份额',
  preferred: '首选',
  elsewhere: '首选但由其他 Broker 领导',
  imbalance: '失衡',
  notPreferred:
    '{count} 个分区的 Leader 不是首选副本：请执行首选副本选举（kafka-leader-election.sh --election-type PREFERRED）。',
  balanced: '所有分区均由首选副本领导。',
  lagging: '积压最多的消费组',
  firstFinding: '首要发现',
  noLagging: '没有消费组积压。',
  throughput: '写入速率（条/秒）与总积压',
  msgsIn: '写入',
  totalLag: '总积压',
  events: '最新事件',
  noEvents: '最近几小时没有事件。',
  wall: '大屏模式',
  exitWall: '退出大屏模式',
  isrShrink: '{partition} 的 ISR 收缩：Broker {brokers} 退出',
  isrExpand: '{partition} 的 ISR 扩展：Broker {brokers} 恢复',
  alertFiring: '{name} 触发',
  alertResolved: '{name} 已恢复',
};

export type DiagnosisKey = keyof typeof en;

export function dt(key: DiagnosisKey, params?: Record<string, string | number>): string {
  return interpolate((i18n.locale === 'zh-CN' ? zh : en)[key], params);
}

/** The server's text of a finding in the current language. */
export function localized(text: { en: string; zh: string }): string {
  return i18n.locale === 'zh-CN' ? text.zh : text.en;
}

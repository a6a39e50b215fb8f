// Creates many groups of the new protocols for bench/group-types.ts: each group gets one member
// that joins, reads, commits (consumer groups) or acknowledges (share groups), and leaves, so the
// coordinator keeps an Empty group of that type. kafkajs cannot speak these protocols.
//
//   java -cp '<kafka libs>/*' bench/GroupMaker.java <bootstrap> <topic> <prefix> <count> <classic|consumer|share> <threads>
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

public class GroupMaker {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0], topic = args[1], prefix = args[2], kind = args[4];
    int count = Integer.parseInt(args[3]), threads = Integer.parseInt(args[5]);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger failed = new AtomicInteger();
    for (int i = 0; i < count; i++) {
      String group = prefix + i;
      pool.submit(() -> {
        try {
          if (kind.equals("share")) share(bootstrap, topic, group);
          else if (kind.equals("classic")) classic(bootstrap, topic, group);
          else consumer(bootstrap, topic, group);
        } catch (Exception e) {
          failed.incrementAndGet();
          System.err.println(group + ": " + e);
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.MINUTES);
    System.out.println("{\"groups\":" + count + ",\"failed\":" + failed.get() + "}");
    System.exit(failed.get() == 0 ? 0 : 1);
  }

  static Properties props(String bootstrap, String group) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return p;
  }

  static void consumer(String bootstrap, String topic, String group) {
    Properties p = props(bootstrap, group);
    p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      c.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 60_000;
      while (c.poll(Duration.ofMillis(200)).isEmpty() && System.currentTimeMillis() < deadline) {}
      c.commitSync();
    }
  }

  /** A classic group with committed offsets and no members: an admin-style commit, no join. */
  static void classic(String bootstrap, String topic, String group) {
    Properties p = props(bootstrap, group);
    p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(List.of(tp));
      c.commitSync(Map.of(tp, new OffsetAndMetadata(1)));
    }
  }

  static void share(String bootstrap, String topic, String group) {
    try (KafkaShareConsumer<String, String> c = new KafkaShareConsumer<>(props(bootstrap, group))) {
      c.subscribe(List.of(topic));
      // A share consumer cannot tell when it has joined; a few polls (heartbeats) make the group.
      for (int i = 0; i < 10; i++) c.poll(Duration.ofMillis(200));
      c.commitSync();
    }
  }
}

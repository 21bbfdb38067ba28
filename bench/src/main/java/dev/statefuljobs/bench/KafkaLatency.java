package dev.statefuljobs.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end latency of {@code running-total} through Kafka, for {@code scripts/bench.sh latency}:
 *
 * <pre>
 * KafkaLatency create  BOOTSTRAP INPUT_TOPIC OUTPUT_TOPIC           two topics of 2 partitions each
 * KafkaLatency measure BOOTSTRAP INPUT_TOPIC OUTPUT_TOPIC RATE SECONDS [USERS]
 * </pre>
 *
 * {@code measure} produces transactions at a fixed RATE for SECONDS (keyed by user, so a user's
 * transactions stay in order in one partition) and reads the job's output topic in the same JVM, so
 * both times come from one {@link System#nanoTime} clock.
 *
 * <p>Matching an output row to its input: the output {@code {"userId","total"}} carries no
 * transaction id, so every transaction has amount 1.0 and the job starts from empty state on fresh
 * topics: the n-th transaction of a user makes that user's total exactly n (doubles are exact
 * integers far beyond these counts), and the row {@code (userId, total = n)} is the output of that
 * user's n-th send. Latency = time the row is read − time the n-th record was handed to the
 * producer. A duplicate row (at-least-once after a restart) is counted once. The sink writes rows
 * without a key, so a user's rows may arrive out of order across the output partitions; each (user,
 * n) is matched on its own, in any order. The first 5 s are a warm-up and not counted. The
 * transaction id also carries the send time (epoch ms) for inspection.
 */
public final class KafkaLatency {

    private static final long WARMUP_NS = 5_000_000_000L;

    private KafkaLatency() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[1];
        String input = args[2];
        String output = args[3];
        if (args[0].equals("create")) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(p)) {
                admin.createTopics(
                                List.of(
                                        new NewTopic(input, 2, (short) 1),
                                        new NewTopic(output, 2, (short) 1)))
                        .all()
                        .get();
            }
            System.err.println("created " + input + ", " + output);
            return;
        }
        int rate = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        int users = args.length > 6 ? Integer.parseInt(args[6]) : 1000;
        measure(bootstrap, input, output, rate, seconds, users);
    }

    static void measure(
            String bootstrap, String input, String output, int rate, int seconds, int users)
            throws Exception {
        long total = (long) rate * seconds;
        // sendNs[u][n-1]: when user u's n-th transaction was sent. Users are sent round-robin.
        long[][] sendNs = new long[users][(int) (total / users + 1)];
        // seen[u][n-1]: the row (user u, total n) was read. The sink writes without a key, so a
        // user's rows are
        // spread over both output partitions and may be read out of order: count each (u, n) once,
        // in any order.
        boolean[][] seen = new boolean[users][sendNs[0].length];
        long[] latencies = new long[(int) total];
        int[] count = {0};

        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp);
        List<TopicPartition> parts =
                List.of(new TopicPartition(output, 0), new TopicPartition(output, 1));
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        consumer.poll(Duration.ofMillis(100));

        long start = System.nanoTime();
        Thread producer =
                new Thread(
                        () -> produce(bootstrap, input, rate, total, users, sendNs, start),
                        "producer");
        producer.start();
        long deadline = start + (seconds + 20) * 1_000_000_000L;
        long matched = 0;
        while (System.nanoTime() < deadline && matched < total) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                long now = System.nanoTime();
                String v = r.value();
                int from = v.indexOf("\"userId\":\"user") + 14;
                int u = Integer.parseInt(v.substring(from, v.indexOf('"', from)));
                int at = v.indexOf("\"total\":") + 8;
                int n =
                        (int)
                                Double.parseDouble(
                                        v.substring(
                                                at,
                                                v.indexOf(v.indexOf(',', at) > 0 ? ',' : '}', at)));
                if (n < 1 || n > seen[u].length || seen[u][n - 1]) {
                    continue; // a duplicate (at-least-once), or not ours
                }
                seen[u][n - 1] = true;
                matched++;
                long sent = sendNs[u][n - 1];
                if (sent == 0) {
                    continue;
                }
                if (sent - start >= WARMUP_NS) {
                    latencies[count[0]++] = now - sent;
                }
            }
        }
        producer.join();
        consumer.close();
        long[] l = Arrays.copyOf(latencies, count[0]);
        Arrays.sort(l);
        System.out.printf(
                "latency rate=%d sent=%d received=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
                rate,
                total,
                matched,
                pct(l, 0.50),
                pct(l, 0.99),
                l.length == 0 ? 0 : l[l.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static void produce(
            String bootstrap,
            String topic,
            int rate,
            long total,
            int users,
            long[][] sendNs,
            long start) {
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        pp.put(ProducerConfig.ACKS_CONFIG, "1");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            long intervalNs = 1_000_000_000L / rate;
            for (long i = 0; i < total; i++) {
                long due = start + i * intervalNs;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int u = (int) (i % users);
                int n = (int) (i / users);
                String user = "user" + u;
                long millis = System.currentTimeMillis();
                String json =
                        "{\"userId\":\""
                                + user
                                + "\",\"transactionId\":\"sent-"
                                + millis
                                + "\",\"transactionTime\":"
                                + millis / 1000
                                + ",\"amount\":1.0}";
                sendNs[u][n] = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, user, json));
            }
            producer.flush();
        }
    }
}

package dev.statefuljobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
 * KafkaLatency prepare BOOTSTRAP                                     the broker's internal topics
 * KafkaLatency create  BOOTSTRAP INPUT_TOPIC OUTPUT_TOPIC           two topics of 2 partitions each
 * KafkaLatency measure BOOTSTRAP INPUT_TOPIC OUTPUT_TOPIC RATE SECONDS [USERS] [OPTION]...
 *   --series FILE        the per-second series (see below) as TSV
 *   --slow FILE          every record over 50 ms: when it was sent (ms after the start, and UTC),
 *                        when it was read, its latency, user and n, to see whether slow records
 *                        come in bursts (a stall: read together) or one by one
 *   --consumer KEY=VALUE a setting of the measuring consumer, e.g. isolation.level=read_committed
 *   --producer KEY=VALUE a setting of the measuring producer
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
 * n) is matched on its own, in any order. The first 5 s ({@code --warmup}) are a warm-up and not
 * counted. The transaction id also carries the send time (epoch ms) for inspection.
 *
 * <p>{@code prepare} commits a consumer offset and a Kafka transaction, so that a fresh broker
 * creates its offsets and transaction-state topics (50 partitions each) now: otherwise the job's
 * first offset commit, at its first or second checkpoint, makes the broker create them in the
 * middle of the first measurement.
 *
 * <p>Where the slow records are in time: the per-second series buckets every matched record by the
 * second it was sent in (warm-up included, marked), with that second's wall-clock start, p50, p99,
 * max and the number of records over {@value #SLOW_MS} ms, so that a tail can be lined up with the
 * job's checkpoint log and GC log, which carry wall-clock times too. The summary line names the
 * seconds that hold the slow records.
 */
public final class KafkaLatency {

    /** Sends before this are a warm-up and not counted; {@code --warmup SECONDS} changes it. */
    private static final int DEFAULT_WARMUP_SECONDS = 5;

    /** A record slower than this counts as slow in the series (docs/benchmarks.md). */
    static final int SLOW_MS = 50;

    private KafkaLatency() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[1];
        if (args[0].equals("prepare")) {
            prepare(bootstrap);
            return;
        }
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
        int users = 1000;
        int warmUpSeconds = DEFAULT_WARMUP_SECONDS;
        String series = null;
        String slow = null;
        Properties consumerSettings = new Properties();
        Properties producerSettings = new Properties();
        for (int i = 6; i < args.length; i++) {
            switch (args[i]) {
                case "--series" -> series = args[++i];
                case "--warmup" -> warmUpSeconds = Integer.parseInt(args[++i]);
                case "--slow" -> slow = args[++i];
                case "--consumer" -> setting(consumerSettings, args[++i]);
                case "--producer" -> setting(producerSettings, args[++i]);
                default -> users = Integer.parseInt(args[i]);
            }
        }
        measure(
                bootstrap,
                input,
                output,
                rate,
                seconds,
                warmUpSeconds * 1_000_000_000L,
                users,
                series,
                slow,
                consumerSettings,
                producerSettings);
    }

    private static void prepare(String bootstrap) throws Exception {
        String topic = "bench-latency-prepare";
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(ap)) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
        }
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "prepare"));
            producer.commitTransaction();
        }
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            // Retries while the broker creates the offsets topic and loads its partitions.
            consumer.commitSync(Map.of(p, new OffsetAndMetadata(0)), Duration.ofMinutes(2));
        }
        System.err.println("prepared the broker's offsets and transaction-state topics");
    }

    private static void setting(Properties into, String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq < 1) {
            throw new IllegalArgumentException("expected KEY=VALUE, got '" + keyValue + "'");
        }
        into.put(keyValue.substring(0, eq), keyValue.substring(eq + 1));
    }

    static void measure(
            String bootstrap,
            String input,
            String output,
            int rate,
            int seconds,
            long warmUpNs,
            int users,
            String series,
            String slow,
            Properties consumerSettings,
            Properties producerSettings)
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
        // latencyOf[i]: the latency of the i-th send (user i % users, n = i / users + 1); -1 until
        // it is matched. For the series only.
        long[] latencyOf = new long[(int) total];
        Arrays.fill(latencyOf, -1);

        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        cp.putAll(consumerSettings);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp);
        List<TopicPartition> parts =
                List.of(new TopicPartition(output, 0), new TopicPartition(output, 1));
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        consumer.poll(Duration.ofMillis(100));

        long start = System.nanoTime();
        long startEpochMs = System.currentTimeMillis();
        Thread producer =
                new Thread(
                        () ->
                                produce(
                                        bootstrap,
                                        input,
                                        rate,
                                        total,
                                        users,
                                        sendNs,
                                        start,
                                        producerSettings),
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
                latencyOf[(int) ((long) (n - 1) * users + u)] = now - sent;
                if (sent - start >= warmUpNs) {
                    latencies[count[0]++] = now - sent;
                }
            }
        }
        producer.join();
        consumer.close();
        long[] l = Arrays.copyOf(latencies, count[0]);
        Arrays.sort(l);
        String slowSeconds =
                series(
                        series,
                        rate,
                        seconds,
                        warmUpNs,
                        users,
                        sendNs,
                        latencyOf,
                        start,
                        startEpochMs);
        if (slow != null) {
            slowRecords(slow, users, sendNs, latencyOf, start, startEpochMs);
        }
        System.out.printf(
                "latency rate=%d sent=%d received=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
                rate,
                total,
                matched,
                pct(l, 0.50),
                pct(l, 0.99),
                l.length == 0 ? 0 : l[l.length - 1] / 1e6);
        System.out.println("slow (> " + SLOW_MS + " ms) by send second: " + slowSeconds);
    }

    /**
     * Writes the per-second series to {@code file} (when given) and returns the seconds that hold
     * slow records, as {@code second(count)} in send order, e.g. {@code 7(120) 17(95)}.
     */
    private static String series(
            String file,
            int rate,
            int seconds,
            long warmUpNs,
            int users,
            long[][] sendNs,
            long[] latencyOf,
            long start,
            long startEpochMs)
            throws IOException {
        // The producer may fall behind its schedule, so a few sends can land after the last
        // second.
        int buckets = seconds + 30;
        long[][] perSecond = new long[buckets][];
        int[] filled = new int[buckets];
        int[] sent = new int[buckets];
        for (int i = 0; i < latencyOf.length; i++) {
            long sentAt = sendNs[i % users][i / users];
            if (sentAt == 0) {
                continue;
            }
            int s = (int) Math.min(buckets - 1, (sentAt - start) / 1_000_000_000L);
            sent[s]++;
            if (latencyOf[i] < 0) {
                continue;
            }
            if (perSecond[s] == null) {
                perSecond[s] = new long[rate + 16];
            }
            if (filled[s] == perSecond[s].length) {
                perSecond[s] = Arrays.copyOf(perSecond[s], filled[s] * 2);
            }
            perSecond[s][filled[s]++] = latencyOf[i];
        }
        StringBuilder tsv =
                new StringBuilder(
                        "second\tstart_utc\tphase\tsent\tmatched\tp50_ms\tp99_ms\tmax_ms\tover_"
                                + SLOW_MS
                                + "ms\n");
        StringBuilder slow = new StringBuilder();
        DateTimeFormatter clock =
                DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
        for (int s = 0; s < buckets; s++) {
            if (sent[s] == 0) {
                continue;
            }
            long[] l = Arrays.copyOf(perSecond[s] == null ? new long[0] : perSecond[s], filled[s]);
            Arrays.sort(l);
            int over = 0;
            for (long v : l) {
                over += v > SLOW_MS * 1_000_000L ? 1 : 0;
            }
            boolean warmUp = s * 1_000_000_000L < warmUpNs;
            tsv.append(
                    String.format(
                            Locale.ROOT,
                            "%d\t%s\t%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%d%n",
                            s,
                            clock.format(Instant.ofEpochMilli(startEpochMs + s * 1000L)),
                            warmUp ? "warm-up" : "measured",
                            sent[s],
                            l.length,
                            pct(l, 0.50),
                            pct(l, 0.99),
                            l.length == 0 ? 0 : l[l.length - 1] / 1e6,
                            over));
            if (over > 0 && !warmUp) {
                slow.append(slow.length() == 0 ? "" : " ").append(s).append('(').append(over);
                slow.append(')');
            }
        }
        if (file != null) {
            Files.writeString(Path.of(file), tsv);
        }
        return slow.length() == 0 ? "none" : slow.toString();
    }

    private static void slowRecords(
            String file,
            int users,
            long[][] sendNs,
            long[] latencyOf,
            long start,
            long startEpochMs)
            throws IOException {
        StringBuilder tsv = new StringBuilder("sent_ms\tsent_utc\tread_ms\tlatency_ms\tuser\tn\n");
        DateTimeFormatter clock =
                DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
        for (int i = 0; i < latencyOf.length; i++) {
            if (latencyOf[i] <= SLOW_MS * 1_000_000L) {
                continue;
            }
            double sentMs = (sendNs[i % users][i / users] - start) / 1e6;
            tsv.append(
                    String.format(
                            Locale.ROOT,
                            "%.1f\t%s\t%.1f\t%.1f\t%d\t%d%n",
                            sentMs,
                            clock.format(Instant.ofEpochMilli(startEpochMs + (long) sentMs)),
                            sentMs + latencyOf[i] / 1e6,
                            latencyOf[i] / 1e6,
                            i % users,
                            i / users + 1));
        }
        Files.writeString(Path.of(file), tsv);
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
            long start,
            Properties producerSettings) {
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        pp.put(ProducerConfig.ACKS_CONFIG, "1");
        pp.putAll(producerSettings);
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

// Tiny Kafka admin helper for scripts/kafka.sh, run with the JDK's single-file source launcher:
//   java -cp "$(classpath kafka)" scripts/runtime/KafkaAdmin.java BOOTSTRAP COMMAND [ARGS...]
// Commands:
//   ready TIMEOUT_S             wait until the broker answers a topic listing
//   list                        print the (non-internal) topic names, sorted
//   create NAME:PARTITIONS...   create the topics that do not exist yet (replication factor 1)
// One JVM for all topics: TopicCommand would start a JVM per topic (~2 s each on these machines).
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

public class KafkaAdmin {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: KafkaAdmin BOOTSTRAP ready TIMEOUT_S | list | create NAME:PARTITIONS...");
            System.exit(2);
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try (Admin admin = Admin.create(props)) {
            switch (args[1]) {
                case "ready" -> System.exit(ready(admin, Long.parseLong(args[2])) ? 0 : 1);
                case "list" -> admin.listTopics().names().get().stream().sorted().forEach(System.out::println);
                case "create" -> create(admin, List.of(args).subList(2, args.length));
                default -> {
                    System.err.println("unknown command " + args[1]);
                    System.exit(2);
                }
            }
        }
    }

    private static boolean ready(Admin admin, long timeoutS) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (true) {
            try {
                admin.listTopics().names().get(5, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    System.err.println("broker not ready: " + e);
                    return false;
                }
                Thread.sleep(500);
            }
        }
    }

    private static void create(Admin admin, List<String> specs) throws Exception {
        Set<String> existing = new TreeSet<>(admin.listTopics().names().get());
        List<NewTopic> toCreate = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split(":", 2);
            int partitions = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
            if (existing.contains(parts[0])) {
                System.out.println("exists   " + parts[0]);
            } else {
                toCreate.add(new NewTopic(parts[0], Optional.of(partitions), Optional.of((short) 1)));
            }
        }
        var result = admin.createTopics(toCreate);
        boolean failed = false;
        for (NewTopic t : toCreate) {
            try {
                result.values().get(t.name()).get();
                System.out.println("created  " + t.name() + " (" + t.numPartitions() + " partitions)");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    System.out.println("exists   " + t.name());
                } else {
                    System.err.println("FAILED   " + t.name() + ": " + e.getCause());
                    failed = true;
                }
            }
        }
        if (failed) {
            System.exit(1);
        }
    }
}

package dev.statefuljobs.common.io;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One {@code host:port} of {@code --bootstrap-servers} ({@code [v6-address]:port} for an IPv6
 * literal), parsed here so that a typo is reported as such instead of as an unreachable broker.
 *
 * @param text the address as the user wrote it, for messages
 */
record BrokerAddress(String host, int port, String text) {

    /**
     * The distinct addresses of a comma-separated list, in order; blanks around commas are ignored,
     * as the Kafka client does.
     */
    static List<BrokerAddress> parseList(String bootstrapServers) {
        Set<BrokerAddress> addresses = new LinkedHashSet<>();
        for (String part : (bootstrapServers == null ? "" : bootstrapServers).split(",")) {
            if (!part.isBlank()) {
                addresses.add(parse(part.strip()));
            }
        }
        if (addresses.isEmpty()) {
            throw new KafkaPreflightException(
                    "--bootstrap-servers is empty: give at least one Kafka broker as host:port");
        }
        return new ArrayList<>(addresses);
    }

    private static BrokerAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = -1;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new KafkaPreflightException(
                    "--bootstrap-servers has '"
                            + text
                            + "', which is not host:port: give the Kafka brokers as e.g. localhost:9092,otherhost:9092");
        }
        return new BrokerAddress(host, port, text);
    }

    @Override
    public String toString() {
        return text;
    }
}

package dev.statefuljobs.common.io;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Which bootstrap addresses accept a TCP connection, by plain sockets. The Kafka client cannot tell
 * "nothing listens there" from "something listens but does not speak my protocol" (both end in
 * "Timed out waiting for a node assignment"); a socket can, in milliseconds. Every address is
 * probed at once, each IP of a host in turn (as the client's {@code
 * client.dns.lookup=use_all_dns_ips} does), and the whole probe ends at the timeout, DNS included.
 */
final class BrokerProbe {

    private BrokerProbe() {}

    /**
     * The addresses that did not accept a connection within {@code timeout}, each with why, e.g.
     * "connection refused" or "unknown host"; empty when all of them did.
     */
    static Map<BrokerAddress, String> unreachable(List<BrokerAddress> addresses, Duration timeout)
            throws InterruptedException {
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        addresses.size(),
                        runnable -> {
                            Thread thread = new Thread(runnable, "kafka-preflight-probe");
                            // A DNS lookup cannot be interrupted: a daemon thread that outlives the
                            // probe never holds up an exit.
                            thread.setDaemon(true);
                            return thread;
                        });
        try {
            Map<BrokerAddress, Future<String>> probes = new LinkedHashMap<>();
            for (BrokerAddress address : addresses) {
                probes.put(address, pool.submit(() -> probe(address, timeout)));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<BrokerAddress, String> unreachable = new LinkedHashMap<>();
            for (Map.Entry<BrokerAddress, Future<String>> probe : probes.entrySet()) {
                String reason;
                try {
                    reason =
                            probe.getValue()
                                    .get(
                                            Math.max(0, deadline - System.nanoTime()),
                                            TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    reason = "no answer within " + KafkaPreflight.seconds(timeout);
                } catch (ExecutionException e) {
                    reason = String.valueOf(e.getCause());
                }
                if (reason != null) {
                    unreachable.put(probe.getKey(), reason);
                }
            }
            return unreachable;
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code null} when one of the host's IPs accepts a connection, otherwise why none did. */
    private static String probe(BrokerAddress address, Duration timeout) {
        InetAddress[] ips;
        try {
            ips = InetAddress.getAllByName(address.host());
        } catch (UnknownHostException e) {
            return "unknown host";
        }
        int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        String reason = null;
        for (InetAddress ip : ips) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(ip, address.port()), timeoutMs);
                return null;
            } catch (SocketTimeoutException e) {
                reason = "no answer within " + KafkaPreflight.seconds(timeout);
            } catch (IOException e) {
                // e.g. ConnectException "Connection refused", NoRouteToHostException "No route to
                // host"
                String message =
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                reason = Character.toLowerCase(message.charAt(0)) + message.substring(1);
            }
        }
        return reason;
    }
}

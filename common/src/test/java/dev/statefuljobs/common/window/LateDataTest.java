package dev.statefuljobs.common.window;

import static dev.statefuljobs.common.format.JsonObjectReader.required;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.format.EventFormat;
import dev.statefuljobs.common.format.InvalidRecordException;
import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonObjectReader;
import dev.statefuljobs.common.format.JsonRecord;
import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import dev.statefuljobs.common.window.WindowedAggregation.Windowed;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's online bidding example: an auction closes at its 10-minute window's end (the
 * deadline); a bid that arrives after the deadline but within the grace period ({@code
 * --allowed-lateness}) is accepted and updates the auction's result; a bid beyond the grace period
 * goes to the late output and is counted. Watermarks are per event, so the run is deterministic.
 */
class LateDataTest {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            FlinkCluster.extension(METRICS.addToConfiguration(new Configuration()));

    static String bid(String auction, String bidder, long amount, String time) {
        return "{\"auction\":\""
                + auction
                + "\",\"bidder\":\""
                + bidder
                + "\",\"amount\":"
                + amount
                + ",\"timestamp\":\"2025-03-29T"
                + time
                + "Z\"}";
    }

    static final List<String> BIDS =
            List.of(
                    bid("a1", "b1", 100, "10:01:00"),
                    bid("a1", "b2", 120, "10:09:00"),
                    bid(
                            "a2",
                            "b1",
                            10,
                            "10:12:00"), // watermark 10:11:59.999: auction a1 [10:00, 10:10) closes
                    // at 120
                    bid(
                            "a1",
                            "b3",
                            150,
                            "10:09:30"), // after the deadline, within a 5m grace: accepted, a1 now
                    // 150
                    bid(
                            "a2",
                            "b2",
                            20,
                            "10:20:00"), // watermark 10:19:59.999: a1's grace (until 10:15) is over
                    bid("a1", "b4", 200, "10:09:50")); // beyond the grace: late output

    @Test
    void aBidWithinTheGracePeriodUpdatesTheAuctionAndOneBeyondItIsRoutedAndCounted()
            throws Exception {
        JobRun run = JobRun.of(highestBidJob(EmitMode.FINAL), BIDS, "--allowed-lateness", "5m");

        assertEquals(
                List.of(
                        "{\"auction\":\"a1\",\"deadline\":\"2025-03-29T10:10:00Z\",\"bidder\":\"b2\",\"amount\":120}",
                        "{\"auction\":\"a1\",\"deadline\":\"2025-03-29T10:10:00Z\",\"bidder\":\"b3\",\"amount\":150,\"update\":true}",
                        "{\"auction\":\"a2\",\"deadline\":\"2025-03-29T10:20:00Z\",\"bidder\":\"b1\",\"amount\":10}",
                        "{\"auction\":\"a2\",\"deadline\":\"2025-03-29T10:30:00Z\",\"bidder\":\"b2\",\"amount\":20}"),
                run.results().stream().sorted().toList());
        assertEquals(
                List.of(
                        "{\"job\":\"highest-bid\",\"window_start\":\"2025-03-29T10:00:00Z\","
                                + "\"window_end\":\"2025-03-29T10:10:00Z\",\"event_time\":\"2025-03-29T10:09:50Z\","
                                + "\"watermark\":\"2025-03-29T10:19:59.999Z\",\"late_by_ms\":609999,"
                                + "\"record\":{\"auction\":\"a1\",\"bidder\":\"b4\",\"amount\":200,\"timestamp\":\"2025-03-29T10:09:50Z\"}}"),
                run.late());
        assertEquals(1, run.counter(METRICS, "lateRecordsAccepted"));
        assertEquals(1, run.counter(METRICS, "lateRecordsRouted"));
    }

    @Test
    void withoutAGracePeriodBothLateBidsAreRoutedNotLost() throws Exception {
        JobRun run = JobRun.of(highestBidJob(EmitMode.FINAL), BIDS);

        assertEquals(
                List.of(
                        "{\"auction\":\"a1\",\"deadline\":\"2025-03-29T10:10:00Z\",\"bidder\":\"b2\",\"amount\":120}",
                        "{\"auction\":\"a2\",\"deadline\":\"2025-03-29T10:20:00Z\",\"bidder\":\"b1\",\"amount\":10}",
                        "{\"auction\":\"a2\",\"deadline\":\"2025-03-29T10:30:00Z\",\"bidder\":\"b2\",\"amount\":20}"),
                run.results().stream().sorted().toList());
        assertEquals(2, run.late().size());
        assertEquals(0, run.counter(METRICS, "lateRecordsAccepted"));
        assertEquals(2, run.counter(METRICS, "lateRecordsRouted"));
        // Every bid is accounted for: 4 in the results' windows + 2 late.
        assertEquals(BIDS.size(), 4 + run.late().size());
    }

    @Test
    void updatesModeFlagsOnlyLateRefirings() throws Exception {
        JobRun run = JobRun.of(highestBidJob(EmitMode.UPDATES), BIDS, "--allowed-lateness", "5m");

        assertEquals(
                List.of(
                        "{\"auction\":\"a1\",\"deadline\":\"2025-03-29T10:10:00Z\",\"bidder\":\"b1\",\"amount\":100}",
                        "{\"auction\":\"a1\",\"deadline\":\"2025-03-29T10:10:00Z\",\"bidder\":\"b2\",\"amount\":120}",
                        "{\"auction\":\"a1\",\"deadline\":\"2025-03-29T10:10:00Z\",\"bidder\":\"b3\",\"amount\":150,\"update\":true}"),
                run.results().stream().filter(r -> r.contains("\"a1\"")).toList());
        assertEquals(1, run.late().size());
    }

    /** A test job: the highest bid per auction, an auction being a 10-minute window. */
    static StreamingJob highestBidJob(EmitMode mode) {
        return new StreamingJob(
                "highest-bid",
                "test job",
                "bids",
                "bids",
                List.of(Flags.ALLOWED_LATENESS),
                (sources, sinks, flags) -> {
                    DataStream<Bid> bids =
                            sources.events(
                                    new BidFormat(),
                                    WatermarkStrategy.<Bid>forBoundedOutOfOrderness(
                                                    flags.get(Flags.OUT_OF_ORDERNESS))
                                            .withTimestampAssigner(
                                                    (bid, previous) -> bid.timestamp));
                    Windowed<HighestBid, Bid> highest =
                            WindowedAggregation.of(bids.keyBy(b -> b.auction, Types.STRING))
                                    .window(TumblingEventTimeWindows.of(Duration.ofMinutes(10)))
                                    .allowedLateness(flags.get(Flags.ALLOWED_LATENESS))
                                    .emit(mode)
                                    .aggregate(new Highest(), HighestBid::new, HighestBid.class)
                                    .named("highest bid per auction", "highest-bid");
                    sinks.results(highest.results());
                    sinks.late(highest.late());
                });
    }

    public static class Bid implements JsonRecord {
        public String auction;
        public String bidder;
        public long amount;
        public long timestamp;

        public Bid() {}

        Bid(String auction, String bidder, long amount, long timestamp) {
            this.auction = auction;
            this.bidder = bidder;
            this.amount = amount;
            this.timestamp = timestamp;
        }

        @Override
        public String toJson() {
            return JsonLine.object()
                    .field("auction", auction)
                    .field("bidder", bidder)
                    .field("amount", amount)
                    .instant("timestamp", timestamp)
                    .toString();
        }
    }

    static final class BidFormat implements EventFormat<Bid> {
        @Override
        public String name() {
            return "bids";
        }

        @Override
        public TypeInformation<Bid> type() {
            return Types.POJO(Bid.class);
        }

        @Override
        public Bid read(JsonObjectReader r) throws InvalidRecordException {
            String auction = null;
            String bidder = null;
            Long amount = null;
            Long time = null;
            while (r.nextField()) {
                switch (r.name()) {
                    case "auction":
                        auction = r.string();
                        break;
                    case "bidder":
                        bidder = r.string();
                        break;
                    case "amount":
                        amount = r.integer();
                        break;
                    case "timestamp":
                        time = r.isoInstant();
                        break;
                    default:
                        r.skipValue();
                }
            }
            return new Bid(
                    required(auction, "auction"),
                    required(bidder, "bidder"),
                    required(amount, "amount"),
                    required(time, "timestamp"));
        }

        @Override
        public long eventTime(Bid bid) {
            return bid.timestamp;
        }
    }

    static final class Highest implements AggregateFunction<Bid, Bid, Bid> {
        @Override
        public Bid createAccumulator() {
            return new Bid(null, null, Long.MIN_VALUE, 0);
        }

        @Override
        public Bid add(Bid bid, Bid highest) {
            return bid.amount > highest.amount
                    ? new Bid(bid.auction, bid.bidder, bid.amount, bid.timestamp)
                    : highest;
        }

        @Override
        public Bid getResult(Bid highest) {
            return highest;
        }

        @Override
        public Bid merge(Bid a, Bid b) {
            return a.amount >= b.amount ? a : b;
        }
    }

    public static class HighestBid extends WindowedResult {
        public String auction;
        public long deadline;
        public String bidder;
        public long amount;

        public HighestBid() {}

        HighestBid(String auction, TimeWindow window, Bid highest) {
            this.auction = auction;
            this.deadline = window.getEnd();
            this.bidder = highest.bidder;
            this.amount = highest.amount;
        }

        @Override
        public String toJson() {
            return JsonLine.object()
                    .field("auction", auction)
                    .instant("deadline", deadline)
                    .field("bidder", bidder)
                    .field("amount", amount)
                    .flag("update", update)
                    .toString();
        }
    }
}

package dev.statefuljobs.jobs;

import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.job.StreamingJob;
import java.util.List;
import java.util.Optional;

/**
 * Every job the fat jar can run, by name: what a job is (its name, description, sample, topic and
 * own flags), apart from how it computes (its dataflow, a static method in its class). Add a job
 * here and it appears in {@code run-local.sh}, {@code --help}, {@code docs/flags.md} and the tests
 * that run every job.
 */
public final class JobCatalog {

    public static final StreamingJob CLICKS_PER_MINUTE =
            new StreamingJob(
                    "clicks-per-minute",
                    "Clicks per user per 1-minute tumbling event-time window (seed: windowed aggregation)",
                    "clicks",
                    "clicks",
                    List.of(
                            ClicksPerMinuteJob.IMPL,
                            ClicksPerMinuteJob.WINDOW,
                            ClicksPerMinuteJob.EMIT,
                            Flags.ALLOWED_LATENESS),
                    ClicksPerMinuteJob::build);

    public static final StreamingJob USER_SESSIONS =
            new StreamingJob(
                    "user-sessions",
                    "Per-user click sessions that expire after an inactivity gap (seed: mapGroupsWithState sessions)",
                    "clicks",
                    "clicks",
                    List.of(
                            UserSessionsJob.IMPL,
                            UserSessionsJob.GAP,
                            UserSessionsJob.TIME,
                            Flags.INITIAL_STATE),
                    UserSessionsJob::build);

    public static final StreamingJob RUNNING_TOTAL =
            new StreamingJob(
                    "running-total",
                    "Running total of transaction amounts per user, no timeout (seed: mapGroupsWithState NoTimeout)",
                    "transactions",
                    "transactions",
                    List.of(
                            RunningTotalJob.IMPL,
                            RunningTotalJob.STATE_TTL,
                            RunningTotalJob.STATE_TTL_EVENT_TIME,
                            Flags.INITIAL_STATE,
                            RunningTotalJob.CHANGELOG),
                    RunningTotalJob::build);

    public static final StreamingJob RUNNING_TOTAL_EXPIRING =
            new StreamingJob(
                    "running-total-expiring",
                    "Running total per user, cleared 1h of event time after the latest transaction (seed: EventTimeTimeout)",
                    "transactions-expiring",
                    "transactions",
                    List.of(RunningTotalExpiringJob.TIMEOUT, Flags.INITIAL_STATE),
                    RunningTotalExpiringJob::build);

    public static final StreamingJob TRANSACTIONS_PER_HOUR =
            new StreamingJob(
                    "transactions-per-hour",
                    "Count and total amount of all transactions per hour (seed: transactions per hour)",
                    "transactions-per-hour",
                    "transactions",
                    List.of(TransactionsPerHourJob.IMPL, Flags.ALLOWED_LATENESS),
                    TransactionsPerHourJob::build);

    public static final StreamingJob MAX_TEMPERATURE_PER_DAY =
            new StreamingJob(
                    "max-temperature-per-day",
                    "Highest reading per sensor per UTC day, with late readings (seed: max temperature per day)",
                    "max-temperature-per-day",
                    "sensor-readings",
                    List.of(MaxTemperaturePerDayJob.IMPL, Flags.ALLOWED_LATENESS),
                    MaxTemperaturePerDayJob::build);

    public static final StreamingJob ERRORS_PER_15_MINUTES =
            new StreamingJob(
                    "errors-per-15-minutes",
                    "ERROR log lines per service per 15-minute window (seed: errors every 15 minutes)",
                    "errors-per-15-minutes",
                    "logs",
                    List.of(ErrorsPer15MinutesJob.IMPL, Flags.ALLOWED_LATENESS),
                    ErrorsPer15MinutesJob::build);

    public static final StreamingJob VISITS_PER_HOUR =
            new StreamingJob(
                    "visits-per-hour",
                    "Visits and exact unique visitors per page per hour (seed: website visits per hour)",
                    "visits-per-hour",
                    "page-visits",
                    List.of(VisitsPerHourJob.IMPL, Flags.ALLOWED_LATENESS),
                    VisitsPerHourJob::build);

    public static final StreamingJob SPAM_BURSTS =
            new StreamingJob(
                    "spam-bursts",
                    "Alert when a user sends more than --threshold messages within a minute (seed: spam bursts)",
                    "spam-bursts",
                    "chat-messages",
                    List.of(SpamBurstsJob.THRESHOLD, Flags.ALLOWED_LATENESS),
                    SpamBurstsJob::build);

    public static final StreamingJob FRAUD_ALERTS =
            new StreamingJob(
                    "fraud-alerts",
                    "Velocity and spend alerts per user in event-time order (seed: fraud detection;"
                            + " Spark 4 transformWithState)",
                    "fraud-alerts",
                    "transactions",
                    List.of(FraudAlertsJob.MAX_COUNT, FraudAlertsJob.MAX_SPEND),
                    FraudAlertsJob::build);

    private static final List<StreamingJob> JOBS =
            List.of(
                    CLICKS_PER_MINUTE,
                    USER_SESSIONS,
                    RUNNING_TOTAL,
                    RUNNING_TOTAL_EXPIRING,
                    FRAUD_ALERTS,
                    TRANSACTIONS_PER_HOUR,
                    MAX_TEMPERATURE_PER_DAY,
                    ERRORS_PER_15_MINUTES,
                    VISITS_PER_HOUR,
                    SPAM_BURSTS);

    private JobCatalog() {}

    public static List<StreamingJob> all() {
        return JOBS;
    }

    public static Optional<StreamingJob> find(String name) {
        return JOBS.stream().filter(j -> j.name().equals(name)).findFirst();
    }
}

package dev.statefuljobs.jobs;

import dev.statefuljobs.common.pipeline.StreamingJob;

import java.util.List;
import java.util.Optional;

/** Every job the fat jar can run, by name. Add a job here and it appears in run-local.sh, submit.sh and tests. */
public final class JobCatalog {

    private static final List<StreamingJob> JOBS = List.of(
            new ClicksPerMinuteJob(),
            new UserSessionsJob(),
            new RunningTotalJob(),
            new RunningTotalExpiringJob(),

            new TransactionsPerHourJob(),
            new MaxTemperaturePerDayJob(),
            new ErrorsPer15MinutesJob(),
            new VisitsPerHourJob(),
            new SpamBurstsJob());

    private JobCatalog() {}

    public static List<StreamingJob> all() {
        return JOBS;
    }

    public static Optional<StreamingJob> find(String name) {
        return JOBS.stream().filter(j -> j.name().equals(name)).findFirst();
    }
}

package dev.statefuljobs.common.tws;

import org.apache.flink.api.common.JobID;

/**
 * Spark's {@code QueryInfo}, in Flink's terms: which job, which attempt of the task (Spark's run id
 * changes on restart; Flink's attempt number grows on each restart of the task), and which subtask
 * (Spark's partition).
 *
 * @param jobId the Flink job id
 * @param attemptNumber the attempt of this subtask, 0 on the first run
 * @param subtaskIndex the index of this parallel subtask, from 0
 */
public record QueryInfo(JobID jobId, int attemptNumber, int subtaskIndex) {}

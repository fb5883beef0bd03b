package io.openvcluster.server.compute;

import io.openvcluster.server.kube.records.RecordStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Nova's {@code os-instance_usage_audit_log}, computed from the records at the time asked: the last completed audit
 * period (Nova's default unit, a calendar month in UTC, the one that ended at or before {@code before}) and how many
 * servers were in use during it ({@link ServerLifetime#inUse}: launched before its end, and not deleted by its
 * beginning). Deleted servers count while they are kept ({@code OVC_DELETED_SERVER_RETENTION}). There is one host,
 * the host cluster, and no periodic audit task that could lag or fail: the audit is always done, with no errors.
 *
 * @param periodBeginning the first instant of the period
 * @param periodEnding    the first instant after it
 * @param instances       the servers in use during the period
 */
public record UsageAudit(Instant periodBeginning, Instant periodEnding, int instances) {

    /** The audit of the last month completed before {@code before}, over every project's servers. */
    static UsageAudit of(RecordStore store, Instant before) {
        LocalDate day = before.atOffset(ZoneOffset.UTC).toLocalDate();
        Instant end = day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (!end.isBefore(before)) {
            end = day.withDayOfMonth(1).minusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        Instant begin = end.atOffset(ZoneOffset.UTC).minusMonths(1).toInstant();
        Instant periodEnd = end;
        long inUse = ServerLifetime.all(store).stream().filter(s -> s.inUse(begin, periodEnd)).count();
        return new UsageAudit(begin, end, (int) inUse);
    }
}

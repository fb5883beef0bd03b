package io.openvcluster.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One project's usage over a period (Nova {@code os-simple-tenant-usage}): its servers in use during the period, each
 * with its hours in it, and the totals over them (hours, and hours times vcpus, RAM and disk).
 *
 * @param start              the period's beginning
 * @param stop               its end: the end asked for, or the time of the request if that is earlier
 * @param totalHours         the servers' hours in the period, summed
 * @param totalVcpusUsage    vcpu-hours: each server's vcpus times its hours, summed
 * @param totalMemoryMbUsage MiB-hours of RAM, likewise
 * @param totalLocalGbUsage  GiB-hours of disk (root and ephemeral), likewise
 * @param servers            the servers counted, in the order counted
 */
public record TenantUsageData(
        String tenantId,
        Instant start,
        Instant stop,
        double totalHours,
        double totalVcpusUsage,
        double totalMemoryMbUsage,
        double totalLocalGbUsage,
        List<ServerUsage> servers) {

    public TenantUsageData {
        servers = List.copyOf(servers);
    }

    /**
     * One server's part of its project's usage.
     *
     * @param flavor    the flavor's name
     * @param localGb   root plus ephemeral disk, GiB
     * @param hours     the hours the server was in use during the period
     * @param startedAt when it first became active (Nova's {@code launched_at})
     * @param endedAt   when it was deleted, if it was
     * @param state     its vm state, {@code terminated} once deleted
     * @param uptime    whole seconds from {@code startedAt} to its deletion, or to now
     */
    public record ServerUsage(String instanceId, String name, String tenantId, String flavor, int vcpus,
                              int memoryMb, int localGb, double hours, Instant startedAt,
                              Optional<Instant> endedAt, String state, long uptime) {
        public ServerUsage {
            Objects.requireNonNull(endedAt, "endedAt");
        }
    }
}

package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.TenantUsageData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.records.RecordStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Nova's {@code os-simple-tenant-usage}, computed from the records when asked ({@link ServerLifetime}): the servers in
 * use during the period, ordered by project, then id (Nova's order, that of its pages); each one's hours in the
 * period, from the later of its launch and the period's start to the earlier of its deletion and the period's end,
 * and its flavor's vcpus, RAM and disk (root plus ephemeral) times those hours, summed per project.
 *
 * <p>The flavor is the server's current one: a resized server counts at its new flavor for the whole period, as Nova
 * counts it (the records keep no flavor history either). Deleted servers count while they are kept
 * ({@code OVC_DELETED_SERVER_RETENTION}). A period that begins after the request counts no hours (Nova's arithmetic
 * would count negative ones).
 */
final class TenantUsages {
    static final String LIST = "os_compute_api:os-simple-tenant-usage:list";
    static final String SHOW = "os_compute_api:os-simple-tenant-usage:show";
    private static final Comparator<ServerLifetime> ORDER = Comparator.comparing(ServerLifetime::projectId)
            .thenComparing(ServerLifetime::id);
    private static final double MICROS_PER_SECOND = 1_000_000.0;
    private static final double SECONDS_PER_HOUR = 3600.0;

    private TenantUsages() {
    }

    /**
     * Nova's policy: every project's usage to admins; one project's to admins and to that project's own callers (any
     * role). 403 otherwise.
     */
    static void authorize(Caller caller, Optional<String> projectId) {
        if (caller.isAdmin() || projectId.filter(caller.projectId()::equals).isPresent()) {
            return;
        }
        throw ApiException.forbidden("Policy doesn't allow " + (projectId.isPresent() ? SHOW : LIST)
                + " to be performed.");
    }

    /**
     * The page of usage {@code query} asks for, of one project or (empty) of every project. 400 for a period that
     * does not end after it begins, or a marker that is no server (live or kept deleted) of any project.
     */
    static UsagePage of(RecordStore store, Optional<String> projectId, UsageQuery query, Instant when) {
        Instant now = when.truncatedTo(ChronoUnit.MICROS);
        Instant start = query.start().orElse(now);
        Instant end = query.end().orElse(now);
        // Nova reads an absent start and end as two successive readings of its clock: a period, however short
        if ((query.start().isPresent() || query.end().isPresent()) && !start.isBefore(end)) {
            throw ApiException.badRequest("Invalid start time. The start time cannot occur after the end time.");
        }
        Instant stop = end.isAfter(now) ? now : end;
        Predicate<ServerLifetime> afterMarker = after(store, query.marker());
        List<ServerLifetime> page = projectId.map(p -> ServerLifetime.ofProject(store, p))
                .orElseGet(() -> ServerLifetime.all(store)).stream()
                .filter(s -> s.inUse(start, stop))
                .filter(afterMarker)
                .sorted(ORDER)
                .limit(query.limit())
                .toList();
        Map<String, List<TenantUsageData.ServerUsage>> byProject = new LinkedHashMap<>();
        for (ServerLifetime server : page) {
            byProject.computeIfAbsent(server.projectId(), p -> new ArrayList<>())
                    .add(usage(server, start, stop, now));
        }
        List<TenantUsageData> tenants = byProject.entrySet().stream()
                .map(e -> total(e.getKey(), start, stop, e.getValue())).toList();
        Optional<String> next = query.limit() > 0 && page.size() == query.limit()
                ? Optional.of(page.getLast().id()) : Optional.empty();
        return new UsagePage(tenants, next);
    }

    /** The servers after the marker's in {@link #ORDER}, whatever its project; all without a marker. */
    private static Predicate<ServerLifetime> after(RecordStore store, Optional<String> marker) {
        if (marker.isEmpty()) {
            return s -> true;
        }
        String id = marker.get();
        String project = ServerLifetime.projectOf(store, id)
                .orElseThrow(() -> ApiException.badRequest("Marker " + id + " could not be found."));
        return s -> {
            int byProject = s.projectId().compareTo(project);
            return byProject > 0 || byProject == 0 && s.id().compareTo(id) > 0;
        };
    }

    private static TenantUsageData.ServerUsage usage(ServerLifetime server, Instant start, Instant stop,
                                                     Instant now) {
        Instant launched = server.launchedAt().orElseThrow();
        Instant from = launched.isAfter(start) ? launched : start;
        Instant to = server.deletedAt().filter(d -> d.isBefore(stop)).orElse(stop);
        // Nova's arithmetic: whole microseconds to seconds, then to hours
        double hours = Math.max(0, ChronoUnit.MICROS.between(from, to)) / MICROS_PER_SECOND / SECONDS_PER_HOUR;
        FlavorSnapshot flavor = server.spec().getFlavor();
        long uptime = Duration.between(launched, server.deletedAt().orElse(now)).getSeconds();
        return new TenantUsageData.ServerUsage(server.id(), server.spec().getName(), server.projectId(),
                flavor.name(), flavor.vcpus(), flavor.ramMb(), flavor.diskGb() + flavor.ephemeralGb(), hours,
                launched, server.deletedAt(), server.vmState(), Math.max(0, uptime));
    }

    private static TenantUsageData total(String projectId, Instant start, Instant stop,
                                         List<TenantUsageData.ServerUsage> servers) {
        double hours = 0;
        double vcpus = 0;
        double memory = 0;
        double disk = 0;
        for (TenantUsageData.ServerUsage s : servers) {
            disk += s.localGb() * s.hours();
            vcpus += s.vcpus() * s.hours();
            memory += s.memoryMb() * s.hours();
            hours += s.hours();
        }
        return new TenantUsageData(projectId, start, stop, hours, vcpus, memory, disk, servers);
    }
}

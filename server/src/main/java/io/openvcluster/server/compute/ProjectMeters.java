package io.openvcluster.server.compute;

import io.openvcluster.server.kube.crd.ActionEvent;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ShownState;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.server.observe.FacadeMeters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each project has, as gauges: its servers by Nova {@code status}, the quota it uses (instances, cores, RAM in
 * MiB, counted as Nova's quota check counts them), and for the whole facade how long the oldest server has shown a
 * task state ({@code ovc.servers.task.oldest}: a server stuck in {@code deleting} or {@code powering-off} shows here).
 * {@link #refresh()} counts once from the record cache, O(servers), before each scrape; a series that emptied since
 * shows 0, not its last value.
 */
public final class ProjectMeters {
    public static final String SERVERS = "ovc.project.servers";
    public static final String QUOTA_USED = "ovc.project.quota.used";
    public static final String OLDEST_TASK = "ovc.servers.task.oldest";
    private static final Map<QuotaResource, String> COUNTED = Map.of(QuotaResource.INSTANCES, "instances",
            QuotaResource.CORES, "cores", QuotaResource.RAM, "ram");

    private final RecordStore store;
    private final ProjectQuotas quotas;
    private final Clock clock;
    private final Set<List<String>> shown = new HashSet<>();
    private volatile Map<List<String>, Double> values = Map.of();

    ProjectMeters(RecordStore store, ProjectQuotas quotas, Clock clock) {
        this.store = store;
        this.quotas = quotas;
        this.clock = clock;
    }

    /** Counts again from the record cache and registers the gauges of projects and statuses seen first now. */
    public synchronized void refresh() {
        Map<List<String>, Double> counted = new HashMap<>();
        Set<String> projects = new TreeSet<>();
        Instant now = clock.instant();
        Duration oldestTask = Duration.ZERO;
        for (ServerRecord server : store.allServers()) {
            String project = server.getSpec().getProjectId();
            projects.add(project);
            counted.merge(List.of(SERVERS, "project", project, "status", ShownState.status(server)), 1.0,
                    Double::sum);
            Optional<Instant> taskSince = taskSince(server);
            if (taskSince.isPresent() && Duration.between(taskSince.get(), now).compareTo(oldestTask) > 0) {
                oldestTask = Duration.between(taskSince.get(), now);
            }
        }
        for (String project : projects) {
            QuotaUsage usage = quotas.usage(project, Optional.empty());
            COUNTED.forEach((resource, name) -> counted.put(List.of(QUOTA_USED, "project", project, "resource", name),
                    (double) usage.used(resource)));
        }
        counted.put(List.of(OLDEST_TASK), oldestTask.toMillis() / 1000.0);
        values = Map.copyOf(counted);
        for (List<String> key : counted.keySet()) {
            if (shown.add(key)) {
                FacadeMeters.gauge(key, description(key.getFirst()), () -> values.getOrDefault(key, 0.0));
            }
        }
    }

    /**
     * Since when the server has shown its task: the start of the verb waiting for the reconciler, else of its running
     * action, else its creation (a server being built).
     */
    static Optional<Instant> taskSince(ServerRecord server) {
        if (ShownState.of(server).taskState().isEmpty()) {
            return Optional.empty();
        }
        return Records.runningAction(server).map(ActionEvent::startTime)
                .or(() -> Optional.ofNullable(server.getMetadata().getCreationTimestamp())).map(Instant::parse);
    }

    private static String description(String name) {
        return switch (name) {
            case SERVERS -> "Servers of a project by Nova status";
            case QUOTA_USED -> "Quota a project uses: instances, cores, ram (MiB)";
            default -> "Seconds the server that has shown a task state longest has shown it";
        };
    }
}

package io.openvcluster.server.kube.progress;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.kube.host.HostCache;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.VclusterNames;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * vcluster's pause for a restore ({@code PauseVCluster(isRestore=true)}) and its end: the StatefulSet at zero replicas
 * with {@code loft.sh/paused*} and {@code loft.sh/restoring}. A restore holds the vcluster so while its pod runs; a
 * reimage while it wipes the data volume.
 */
final class RestorePause {
    static final DateTimeFormatter PAUSED_DATE_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final KubernetesClient client;
    private final HostCache cache;
    private final Clock clock;

    RestorePause(KubernetesClient client, HostCache cache, Clock clock) {
        this.client = client;
        this.cache = cache;
        this.clock = clock;
    }

    /** Pauses the StatefulSet for a restore, unless its annotations (from the cache) say it is already. */
    void pause(VclusterNames names, Map<String, String> annotations) {
        if ("true".equals(annotations.get(HostObservation.RESTORING_ANNOTATION))
                && "true".equals(annotations.get(PowerOperations.PAUSED))) {
            return;
        }
        StatefulSet live = client.apps().statefulSets().inNamespace(names.namespace()).withName(names.statefulSet())
                .get();
        if (live == null) {
            return;
        }
        Map<String, String> current = new HashMap<>(live.getMetadata().getAnnotations() == null ? Map.of()
                : live.getMetadata().getAnnotations());
        if (!"true".equals(current.get(PowerOperations.PAUSED))) {
            int replicas = live.getSpec().getReplicas() == null ? 1 : live.getSpec().getReplicas();
            current.put(PowerOperations.PAUSED_REPLICAS, String.valueOf(replicas == 0 ? 1 : replicas));
            current.put(PowerOperations.PAUSED, "true");
            current.put(PowerOperations.PAUSED_DATE, PAUSED_DATE_FORMAT.format(clock.instant()));
        }
        current.put(HostObservation.RESTORING_ANNOTATION, "true");
        live.getMetadata().setAnnotations(current);
        live.getSpec().setReplicas(0);
        client.resource(live).update();
    }

    /** {@code ResumeVCluster(isRestore=true)}'s first half: the restore marker goes; the power operations resume. */
    void end(VclusterNames names) {
        if (cache.statefulSet(names.namespace(), names.statefulSet())
                .filter(sts -> sts.workload().annotations().containsKey(HostObservation.RESTORING_ANNOTATION))
                .isEmpty()) {
            return;
        }
        client.apps().statefulSets().inNamespace(names.namespace()).withName(names.statefulSet()).edit(s -> {
            if (s.getMetadata().getAnnotations() != null) {
                s.getMetadata().getAnnotations().remove(HostObservation.RESTORING_ANNOTATION);
            }
            return s;
        });
    }
}

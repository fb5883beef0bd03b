package io.openvcluster.server.kube.host;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.translator.VclusterNames;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.function.Supplier;

/**
 * The files of a crash-dump bundle, read from the host cluster: the control plane's StatefulSet, the chart's pods
 * (label {@code release=<release>}: the control-plane pod, and a rescue pod), the namespace's events, the vcluster
 * config the syncer reads (Secret {@code vc-config-<release>}, key {@code config.yaml}) and every container's log, the
 * current one and, for a container that restarted, the previous one ({@code kubectl logs --previous}). A missing object
 * is said so in {@code README.txt} rather than failing the bundle: a crash dump is most wanted when things are missing.
 */
public final class CrashDumpBundle {
    /** A log is cut to its last lines, as {@code kubectl logs --tail}. */
    static final int LOG_LINES = 10_000;

    private final KubernetesClient client;

    public CrashDumpBundle(KubernetesClient client) {
        this.client = client;
    }

    /** File name → content, in the bundle's order. */
    public SequencedMap<String, String> collect(VclusterNames names, String requestId, String time) {
        String ns = names.namespace();
        SequencedMap<String, String> files = new LinkedHashMap<>();
        StringBuilder readme = new StringBuilder("Crash dump of server " + names.serverId() + ", request " + requestId
                + ", taken " + time + "\nhost namespace " + ns + ", vcluster release " + names.release() + "\n\n");
        files.put("README.txt", "");
        StatefulSet sts = attempt(() -> client.apps().statefulSets().inNamespace(ns).withName(names.statefulSet())
                .get(), readme, "statefulset.yaml");
        put(files, readme, "statefulset.yaml", sts, "StatefulSet " + names.statefulSet());
        List<Pod> pods = Optional.ofNullable(attempt(() -> client.pods().inNamespace(ns)
                .withLabel("release", names.release()).list().getItems(), readme, "pods.yaml")).orElse(List.of());
        files.put("pods.yaml", yaml(pods));
        readme.append("pods.yaml: ").append(pods.size()).append(" pod(s) of the release\n");
        files.put("events.yaml", yaml(Optional.ofNullable(attempt(() -> client.v1().events().inNamespace(ns).list()
                .getItems(), readme, "events.yaml")).orElse(List.of())));
        readme.append("events.yaml: the events of namespace ").append(ns).append('\n');
        Secret config = attempt(() -> client.secrets().inNamespace(ns).withName(names.configSecret()).get(), readme,
                "vcluster-config.yaml");
        String values = config == null || config.getData() == null || !config.getData().containsKey("config.yaml")
                ? null : new String(Base64.getDecoder().decode(config.getData().get("config.yaml")),
                StandardCharsets.UTF_8);
        if (values == null) {
            readme.append("vcluster-config.yaml: missing (no Secret ").append(names.configSecret()).append(")\n");
        } else {
            files.put("vcluster-config.yaml", values);
            readme.append("vcluster-config.yaml: the vcluster config (Secret ").append(names.configSecret())
                    .append(")\n");
        }
        for (Pod pod : pods) {
            logs(files, readme, pod);
        }
        files.put("README.txt", readme.toString());
        return files;
    }

    private void put(Map<String, String> files, StringBuilder readme, String file, Object object, String what) {
        if (object == null) {
            readme.append(file).append(": missing (no ").append(what).append(")\n");
        } else {
            files.put(file, yaml(object));
            readme.append(file).append(": ").append(what).append('\n');
        }
    }

    private void logs(Map<String, String> files, StringBuilder readme, Pod pod) {
        String name = pod.getMetadata().getName();
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String simulated = annotations == null ? null : annotations.get(ConsoleLogs.SANDBOX_LOG_ANNOTATION);
        List<ContainerStatus> statuses = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? List.of() : pod.getStatus().getContainerStatuses();
        List<Container> containers = pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of()
                : pod.getSpec().getContainers();
        for (Container container : containers) {
            String base = "logs/" + name + "/" + container.getName();
            if (simulated != null) {
                // the sandbox's API server has no pod logs: its simulated pods carry theirs
                files.put(base + ".log", ConsoleLogs.CONTAINER.equals(container.getName()) ? simulated : "");
                continue;
            }
            var logs = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(name)
                    .inContainer(container.getName());
            files.put(base + ".log", read(() -> logs.tailingLines(LOG_LINES).getLog(), readme, base + ".log"));
            boolean restarted = statuses.stream().anyMatch(c -> container.getName().equals(c.getName())
                    && c.getRestartCount() != null && c.getRestartCount() > 0);
            if (restarted) {
                files.put(base + ".previous.log", read(() -> logs.terminated().tailingLines(LOG_LINES).getLog(),
                        readme, base + ".previous.log"));
            }
        }
    }

    private static String read(Supplier<String> log, StringBuilder readme, String file) {
        return Optional.ofNullable(attempt(log, readme, file)).orElse("");
    }

    /** One read of the host; a refusal is said in the README (the bundle is wanted most when things fail). */
    private static <T> T attempt(Supplier<T> read, StringBuilder readme, String file) {
        try {
            return read.get();
        } catch (KubernetesClientException e) {
            readme.append(file).append(": unreadable (").append(e.getMessage()).append(")\n");
            return null;
        }
    }

    private String yaml(Object object) {
        return client.getKubernetesSerialization().asYaml(object);
    }
}

package io.openvcluster.server.kube.host;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.kube.snapshot.SnapshotPods;
import io.openvcluster.translator.VclusterNames;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * A server's console log: the log of its control-plane pod ({@code <release>-0}, container {@code syncer}, where
 * the vcluster's API server, controllers and syncer write), as {@code kubectl logs} shows it.
 *
 * <p>The sandbox's API server (the fabric8 CRUD mock) has no pod logs: it answers the log request with a dump of
 * every object it holds. So a pod the sandbox's host simulator started carries its (simulated, and saying so) log in
 * the annotation {@link #SANDBOX_LOG_ANNOTATION}, and that is returned instead of asking the API.
 */
public final class ConsoleLogs {
    /** Where the sandbox's host simulator writes the log of a simulated control-plane pod. */
    public static final String SANDBOX_LOG_ANNOTATION = "sandbox.openvcluster.io/console-log";
    /** The container of the chart's control-plane pod that runs the vcluster. */
    static final String CONTAINER = "syncer";
    /** Nova's libvirt driver returns at most the last 100 KiB of a console log. */
    static final int MAX_BYTES = 100 * 1024;
    /** Lines asked of the API for the whole log; the result is then cut to {@link #MAX_BYTES}. */
    private static final int WHOLE_LOG_LINES = 10_000;

    private final KubernetesClient client;

    public ConsoleLogs(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The log of the running control-plane pod, or empty when there is none (stopped, paused, suspended, building).
     *
     * @param lines the tail wanted (Nova's {@code length}); empty for the whole log
     */
    public Optional<String> read(VclusterNames names, Optional<Integer> lines) {
        return read(names.namespace(), names.pod(), CONTAINER, lines);
    }

    /** The log of a rescued server: its rescue pod's, container {@code rescue}. */
    public Optional<String> readRescue(VclusterNames names, Optional<Integer> lines) {
        return read(names.namespace(), SnapshotPods.rescuePodName(names), "rescue", lines);
    }

    private Optional<String> read(String namespace, String podName, String container, Optional<Integer> lines) {
        Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
        if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
            return Optional.empty();
        }
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String log = annotations != null && annotations.containsKey(SANDBOX_LOG_ANNOTATION)
                ? annotations.get(SANDBOX_LOG_ANNOTATION)
                : client.pods().inNamespace(namespace).withName(podName).inContainer(container)
                        .tailingLines(lines.filter(n -> n > 0).orElse(WHOLE_LOG_LINES)).getLog();
        return Optional.of(lastBytes(tail(log == null ? "" : log, lines)));
    }

    /**
     * Nova's tail, exactly: {@code '\n'.join(log.split('\n')[-length:])}, so a trailing newline counts as a line,
     * and a length of 0 (Python's {@code [-0:]}) or none means the whole log.
     */
    static String tail(String log, Optional<Integer> length) {
        String[] lines = log.split("\n", -1);
        int n = length.filter(l -> l > 0).orElse(lines.length);
        int from = Math.max(0, lines.length - n);
        return String.join("\n", Arrays.copyOfRange(lines, from, lines.length));
    }

    private static String lastBytes(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_BYTES) {
            return text;
        }
        return new String(bytes, bytes.length - MAX_BYTES, MAX_BYTES, StandardCharsets.UTF_8);
    }
}

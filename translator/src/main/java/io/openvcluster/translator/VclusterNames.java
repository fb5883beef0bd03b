package io.openvcluster.translator;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The host-side names of one server's vcluster.
 *
 * <p>A Nova server becomes one Helm release of the vcluster chart in its own namespace. Server names are
 * free text and not unique in Nova, so the release name is a DNS label made from the name plus the first
 * 8 hex characters of the server id: unique, stable, and still readable in {@code vcluster list}. The
 * names are fixed at create time: renaming the server later does not rename its vcluster.
 *
 * @param serverId  the Nova server id (a UUID)
 * @param release   the Helm release and vcluster name, a DNS-1035 label of at most 49 characters
 * @param namespace the host namespace, {@code vcluster-<release>} (the vcluster CLI's own default)
 */
public record VclusterNames(String serverId, String release, String namespace) {
    // compiled once: every create names its vcluster (String.replaceAll compiles its pattern on each call)
    private static final Pattern MARKS = Pattern.compile("\\p{M}");
    private static final Pattern NOT_LABEL_CHARS = Pattern.compile("[^a-z0-9-]");
    private static final Pattern DASH_RUNS = Pattern.compile("-{2,}");
    private static final Pattern NOT_HEX = Pattern.compile("[^0-9a-f]");

    /** Longest part of the release name taken from the server name. */
    static final int MAX_NAME_PART = 40;
    /** Hex characters of the server id appended to the release name. */
    static final int ID_SUFFIX_LENGTH = 8;
    /** Used when nothing of the server name survives sanitising. */
    static final String FALLBACK_NAME = "vc";

    public VclusterNames {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(namespace, "namespace");
    }

    /**
     * The names for a server.
     *
     * @param serverId   the server id; at least 8 hex digits once dashes are dropped (a UUID)
     * @param serverName the display name; any text, including empty
     * @throws IllegalArgumentException if the id has fewer than 8 hex digits
     */
    public static VclusterNames forServer(String serverId, String serverName) {
        String release = sanitize(serverName) + "-" + idSuffix(serverId);
        return new VclusterNames(serverId, release, "vcluster-" + release);
    }

    /** The control-plane StatefulSet. */
    public String statefulSet() {
        return release;
    }

    /** The Service in front of the virtual API server (ports 443 and 10250). */
    public String service() {
        return release;
    }

    /** The headless Service the StatefulSet is governed by. */
    public String headlessService() {
        return release + "-headless";
    }

    /** The Secret holding the vcluster.yaml ({@code config.yaml}) the syncer reads. */
    public String configSecret() {
        return "vc-config-" + release;
    }

    /** The Secret the running vcluster writes its kubeconfig to (key {@code config}). */
    public String kubeconfigSecret() {
        return "vc-" + release;
    }

    /** The control plane's ServiceAccount. */
    public String serviceAccount() {
        return "vc-" + release;
    }

    /** The ServiceAccount of synced workload pods. */
    public String workloadServiceAccount() {
        return "vc-workload-" + release;
    }

    /** The control plane's Role. */
    public String role() {
        return "vc-" + release;
    }

    /** The control plane's RoleBinding. */
    public String roleBinding() {
        return "vc-" + release;
    }

    /** The ResourceQuota that carries the flavor. */
    public String resourceQuota() {
        return "vc-" + release;
    }

    /** The LimitRange that carries the flavor's per-container defaults. */
    public String limitRange() {
        return "vc-" + release;
    }

    /** The (only) control-plane pod. */
    public String pod() {
        return release + "-0";
    }

    /** The PVC of the control plane's data volume (SQLite backing store). */
    public String dataPvc() {
        return "data-" + release + "-0";
    }

    /**
     * Lower-case, accents folded (é → e), anything outside {@code [a-z0-9-]} replaced by a dash,
     * dashes collapsed and trimmed, cut to 40 characters. A name that starts with a digit gets a
     * {@code vc-} prefix: the release name is also a Service name, which must be a DNS-1035 label
     * (starting with a letter).
     */
    static String sanitize(String serverName) {
        String folded = MARKS.matcher(Normalizer.normalize(serverName == null ? "" : serverName, Normalizer.Form.NFKD))
                .replaceAll("")
                .toLowerCase(Locale.ROOT);
        String name = trimDashes(DASH_RUNS.matcher(NOT_LABEL_CHARS.matcher(folded).replaceAll("-")).replaceAll("-"));
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
            name = FALLBACK_NAME + "-" + name;
        }
        if (name.length() > MAX_NAME_PART) {
            name = trimDashes(name.substring(0, MAX_NAME_PART));
        }
        return name.isEmpty() ? FALLBACK_NAME : name;
    }

    static String idSuffix(String serverId) {
        String hex = NOT_HEX.matcher(Objects.requireNonNull(serverId, "serverId").toLowerCase(Locale.ROOT)).replaceAll("");
        if (hex.length() < ID_SUFFIX_LENGTH) {
            throw new IllegalArgumentException("server id needs at least " + ID_SUFFIX_LENGTH
                    + " hex digits: '" + serverId + "'");
        }
        return hex.substring(0, ID_SUFFIX_LENGTH);
    }

    private static String trimDashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '-') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(start, end);
    }
}

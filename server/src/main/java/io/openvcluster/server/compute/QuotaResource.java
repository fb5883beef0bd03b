package io.openvcluster.server.compute;

import io.openvcluster.api.Microversion;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Nova's compute quota resources, with Nova's default limits (-1 is unlimited) and the microversion that
 * removed each one from the API (2.36 the nova-network proxies, 2.57 personality files).
 * A vcluster has no files to inject and no floating or fixed IPs; those limits are shown for old clients and never
 * counted. Security groups are counted per project, their rules per group, as Nova counts them.
 */
public enum QuotaResource {
    INSTANCES("instances", 10, 0),
    CORES("cores", 20, 0),
    RAM("ram", 51200, 0),
    METADATA_ITEMS("metadata_items", 128, 0),
    KEY_PAIRS("key_pairs", 100, 0),
    SERVER_GROUPS("server_groups", 10, 0),
    SERVER_GROUP_MEMBERS("server_group_members", 10, 0),
    INJECTED_FILES("injected_files", 5, 57),
    INJECTED_FILE_CONTENT_BYTES("injected_file_content_bytes", 10240, 57),
    INJECTED_FILE_PATH_BYTES("injected_file_path_bytes", 255, 57),
    FIXED_IPS("fixed_ips", -1, 36),
    FLOATING_IPS("floating_ips", -1, 36),
    SECURITY_GROUPS("security_groups", 10, 36),
    SECURITY_GROUP_RULES("security_group_rules", 20, 36);

    private final String key;
    private final int novaDefault;
    /** The 2.x minor version from which the API no longer shows or accepts this resource; 0 for never. */
    private final int removedIn;

    QuotaResource(String key, int novaDefault, int removedIn) {
        this.key = key;
        this.novaDefault = novaDefault;
        this.removedIn = removedIn;
    }

    /** The name in {@code quota_set} bodies. */
    public String key() {
        return key;
    }

    public int novaDefault() {
        return novaDefault;
    }

    public boolean shownAt(Microversion mv) {
        return removedIn == 0 || mv.before(removedIn);
    }

    /** The resources of the API at a microversion, in Nova's order. */
    public static List<QuotaResource> at(Microversion mv) {
        return Arrays.stream(values()).filter(r -> r.shownAt(mv)).toList();
    }

    public static Optional<QuotaResource> byKey(String key) {
        return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
    }
}

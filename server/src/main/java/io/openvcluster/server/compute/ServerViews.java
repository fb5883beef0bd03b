package io.openvcluster.server.compute;

import io.openvcluster.api.ServerStates;
import io.openvcluster.api.model.DiskConfig;
import io.openvcluster.api.model.FaultData;
import io.openvcluster.api.model.FlavorData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.crd.Placement;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.crd.ShownState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Server record → {@link ServerData}, the microversion-independent view the HTTP layer renders. */
final class ServerViews {
    /** The one network every vcluster is on: its Service's cluster network. */
    static final String NETWORK = "vcluster";

    private ServerViews() {
    }

    /**
     * @param securityGroups the names of the server's security groups
     * @param host           the host cluster it is on, if any
     */
    static ServerData toData(ServerRecord record, List<String> securityGroups, Optional<String> host) {
        ServerSpec spec = record.getSpec();
        Optional<ServerStatus> status = Optional.ofNullable(record.getStatus());
        Instant created = Instant.parse(spec.getCreatedAt());
        Instant updated = Stream.of(Optional.of(spec.getCreatedAt()), Optional.ofNullable(spec.getChangedAt()),
                        status.map(ServerStatus::getUpdatedAt))
                .flatMap(Optional::stream).map(Instant::parse).max(Instant::compareTo).orElse(created);
        String id = record.getMetadata().getName();
        return new ServerData(
                id,
                spec.getName(),
                spec.getProjectId(),
                spec.getUserId(),
                created,
                updated,
                status.map(ServerStatus::getLaunchedAt).map(Instant::parse),
                vmState(record),
                taskState(record),
                status.map(ServerStatus::getPowerState).orElse(0),
                0,
                spec.getImageId() == null ? "" : spec.getImageId(),
                flavor(spec.getFlavor()),
                spec.getMetadata() == null ? Map.of() : spec.getMetadata(),
                spec.getTags() == null ? List.of() : spec.getTags(),
                Optional.ofNullable(spec.getKeyName()),
                Optional.ofNullable(spec.getDescription()),
                spec.isLocked(),
                Optional.ofNullable(spec.getLockedReason()),
                orEmpty(spec.getAccessIPv4()),
                orEmpty(spec.getAccessIPv6()),
                hostId(spec.getProjectId(), spec.getRelease()),
                spec.getHostname(),
                spec.getAvailabilityZone(),
                // an offloaded shelve has no Service, so no address (Nova: no network while offloaded)
                addresses(id, ServerStates.SHELVED_OFFLOADED.equals(vmState(record)) ? Optional.empty()
                        : status.map(ServerStatus::getClusterIP)),
                status.map(ServerStatus::getFault)
                        .map(f -> new FaultData(f.code(), f.message(), f.details(), Instant.parse(f.created()))),
                DiskConfig.of(Optional.ofNullable(spec.getDiskConfig())), securityGroups, host,
                orEmpty(spec.getHostNamespace()), Placement.serverGroupOf(spec));
    }

    /** The vm_state shown ({@link ShownState}, the reconciler's rule too). */
    static String vmState(ServerRecord record) {
        return ShownState.of(record).vmState();
    }

    /** The task_state shown ({@link ShownState}). */
    static Optional<String> taskState(ServerRecord record) {
        return ShownState.of(record).taskState();
    }

    /** The Nova status (ACTIVE, BUILD, ...) of a record. */
    static String status(ServerRecord record) {
        return ShownState.status(record);
    }

    static FlavorData flavor(FlavorSnapshot flavor) {
        return new FlavorData(flavor.id(), flavor.name(), flavor.vcpus(), flavor.ramMb(), flavor.diskGb(),
                flavor.ephemeralGb(), flavor.swapMb(), 1.0, true, false, Optional.empty(), flavor.extraSpecs());
    }

    /**
     * Nova's hostId is sha224(project id + compute host): the same for a project's servers on one host, different
     * across projects. A vcluster's "host" is its release, so each server gets its own stable, opaque hostId.
     */
    static String hostId(String projectId, String release) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-224")
                    .digest((projectId + release).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-224 is a required JDK algorithm", e);
        }
    }

    /**
     * One fixed IPv4 address on network "vcluster": the ClusterIP of the vcluster's Service (where its API
     * server answers inside the host cluster), once the cluster assigned it; no address while building. The MAC
     * is made up from the server id with OpenStack's fa:16:3e prefix, as clients expect one.
     */
    static Map<String, List<ServerData.AddressData>> addresses(String serverId, Optional<String> clusterIp) {
        return clusterIp.map(ip -> Map.of(NETWORK, List.of(new ServerData.AddressData(ip, 4, "fixed", mac(serverId)))))
                .orElse(Map.of());
    }

    private static String mac(String serverId) {
        String hex = serverId.replace("-", "");
        return "fa:16:3e:" + hex.substring(0, 2) + ":" + hex.substring(2, 4) + ":" + hex.substring(4, 6);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}

package io.openvcluster.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the Nova views need to render one server, independent of microversion.
 * Built by the domain from the server record; rendered by the views in {@code io.openvcluster.api.view}.
 *
 * @param vmState    Nova vm_state (active, building, stopped, paused, suspended, resized, error, deleted)
 * @param taskState  Nova task_state, empty when idle
 * @param powerState Nova power_state code (0 NOSTATE, 1 RUNNING, 3 PAUSED, 4 SHUTDOWN, 6 CRASHED, 7 SUSPENDED)
 * @param imageId    the image id, or "" when none
 * @param addresses  network label to addresses
 * @param diskConfig Nova's {@code OS-DCF:diskConfig} as the client last asked it ({@link DiskConfig#DEFAULT} if never)
 * @param securityGroups the names of the server's security groups (the view leaves the key out when there are none)
 * @param host       the host cluster the server is on (Nova's host and hypervisor hostname, shown to admins); empty
 *                   when it is on none (shelved and offloaded)
 * @param instanceName what the server is called on its host (Nova's {@code instance_name}, shown to admins): the
 *                   vcluster's host namespace
 * @param serverGroup the server group it was made in, if any (Nova's {@code server_groups} from 2.71)
 */
public record ServerData(
        String id,
        String name,
        String projectId,
        String userId,
        Instant created,
        Instant updated,
        Optional<Instant> launchedAt,
        String vmState,
        Optional<String> taskState,
        int powerState,
        int progress,
        String imageId,
        FlavorData flavor,
        Map<String, String> metadata,
        List<String> tags,
        Optional<String> keyName,
        Optional<String> description,
        boolean locked,
        Optional<String> lockedReason,
        String accessIPv4,
        String accessIPv6,
        String hostId,
        String hostname,
        String availabilityZone,
        Map<String, List<AddressData>> addresses,
        Optional<FaultData> fault,
        DiskConfig diskConfig,
        List<String> securityGroups,
        Optional<String> host,
        String instanceName,
        Optional<String> serverGroup) {
    public ServerData {
        metadata = Map.copyOf(metadata);
        tags = List.copyOf(tags);
        addresses = Map.copyOf(addresses);
        securityGroups = List.copyOf(securityGroups);
    }

    /** A server in the {@code default} security group, the group Nova puts a server in when none is named. */
    public ServerData(String id, String name, String projectId, String userId, Instant created, Instant updated,
                      Optional<Instant> launchedAt, String vmState, Optional<String> taskState, int powerState,
                      int progress, String imageId, FlavorData flavor, Map<String, String> metadata, List<String> tags,
                      Optional<String> keyName, Optional<String> description, boolean locked,
                      Optional<String> lockedReason, String accessIPv4, String accessIPv6, String hostId,
                      String hostname, String availabilityZone, Map<String, List<AddressData>> addresses,
                      Optional<FaultData> fault, DiskConfig diskConfig) {
        this(id, name, projectId, userId, created, updated, launchedAt, vmState, taskState, powerState, progress,
                imageId, flavor, metadata, tags, keyName, description, locked, lockedReason, accessIPv4, accessIPv6,
                hostId, hostname, availabilityZone, addresses, fault, diskConfig, List.of("default"), Optional.empty(),
                "", Optional.empty());
    }

    /** The same server in the named security groups. */
    public ServerData withSecurityGroups(List<String> names) {
        return new ServerData(id, name, projectId, userId, created, updated, launchedAt, vmState, taskState,
                powerState, progress, imageId, flavor, metadata, tags, keyName, description, locked, lockedReason,
                accessIPv4, accessIPv6, hostId, hostname, availabilityZone, addresses, fault, diskConfig, names, host,
                instanceName, serverGroup);
    }


    /** One address of a server on one network. */
    public record AddressData(String addr, int version, String type, String macAddr) {
    }
}

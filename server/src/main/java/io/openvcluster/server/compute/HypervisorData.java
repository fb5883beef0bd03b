package io.openvcluster.server.compute;

import io.openvcluster.server.kube.host.HostNodes;
import java.util.List;

/**
 * A host cluster as Nova's hypervisor: its size is what its ready nodes can give ({@link HostNodes.Capacity}), its
 * use is the sum of the flavors of the servers placed on it.
 *
 * @param number   the id before 2.53
 * @param uuid     the id from 2.53
 * @param hostIp   the address of the host cluster's API server
 * @param servers  the servers placed on it, by id and name
 */
public record HypervisorData(int number, String uuid, String hostname, String hostIp, ComputeServiceData service,
                             HostNodes.Capacity capacity, Usage used, List<ServerRef> servers) {

    /** Nova's hypervisor {@code state}. */
    public boolean up() {
        return service.up();
    }

    /**
     * @param workload servers with a task under way (Nova's {@code current_workload})
     */
    public record Usage(int vcpus, int memoryMb, int diskGb, int runningVms, int workload) {
    }

    public record ServerRef(String id, String name) {
    }
}

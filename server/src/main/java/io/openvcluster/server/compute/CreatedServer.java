package io.openvcluster.server.compute;

import io.openvcluster.api.model.ServerData;
import java.util.List;

/**
 * The answer to an accepted create: the servers recorded (more than one for min/max_count). No admin password: Nova
 * returns one only where the hypervisor sets it in the guest ({@code enable_instance_password}); a vcluster has no
 * administrator password, so the answer leaves it out, as Nova does with that option off (docs/verbs.md).
 */
public record CreatedServer(List<ServerData> servers) {
    public CreatedServer {
        servers = List.copyOf(servers);
    }
}

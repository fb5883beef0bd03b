package io.openvcluster.server.compute;

import io.openvcluster.api.model.ServerData;
import java.util.List;

/**
 * The answer to an accepted create: the servers recorded (more than one for min/max_count) and the
 * admin password Nova returns. A vcluster has no root password; the value is generated (or taken
 * from the request) and returned once, as Nova does, and documented as unused.
 */
public record CreatedServer(List<ServerData> servers, String adminPass) {
    public CreatedServer {
        servers = List.copyOf(servers);
    }
}

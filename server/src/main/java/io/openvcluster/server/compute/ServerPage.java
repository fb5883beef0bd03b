package io.openvcluster.server.compute;

import io.openvcluster.api.model.ServerData;
import java.util.List;
import java.util.Optional;

/** One page of servers; {@code nextMarker} is set when a limit was given and the page is full. */
public record ServerPage(List<ServerData> servers, Optional<String> nextMarker) {
    public ServerPage {
        servers = List.copyOf(servers);
    }
}

package io.openvcluster.server.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;

/**
 * Where a server was placed at create: its host cluster, or why none took it (Nova's "No valid host was found": the
 * server is then ERROR, on no host, out of the quota, and nothing of it is put on any host), and the server group it
 * was made in (the scheduler hint {@code group}). Records from before placement have none: they are on the one host
 * there was.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Placement(String host, String fault, String serverGroup) {

    /** Why no host took the server, if none did. */
    public static Optional<String> faultOf(ServerSpec spec) {
        return Optional.ofNullable(spec.getPlacement()).map(Placement::fault);
    }

    /** The host cluster it was placed on, if recorded. */
    public static Optional<String> hostOf(ServerSpec spec) {
        return Optional.ofNullable(spec.getPlacement()).map(Placement::host);
    }

    /** The server group it was made in, if any. */
    public static Optional<String> serverGroupOf(ServerSpec spec) {
        return Optional.ofNullable(spec.getPlacement()).map(Placement::serverGroup);
    }
}

package io.openvcluster.server.compute;

import io.openvcluster.server.kube.crd.ActionEvent;
import java.util.List;

/**
 * A server's instance actions, newest first, live or kept after its delete, and its {@code hostId} (shown in the
 * actions' events from 2.62).
 */
record ServerHistory(String serverId, String hostId, String host, List<ActionEvent> actions) {
    ServerHistory {
        actions = List.copyOf(actions);
    }
}

package io.openvcluster.server.kube.crd;

import java.util.ArrayList;
import java.util.List;

/**
 * A deleted server as kept ({@link DeletedServerRecord}). Times are ISO-8601 instants.
 *
 * @see Records#deletedServer
 */
public class DeletedServerSpec {
    /** The server's spec when it was deleted, without its pending intents (they ended with it). */
    private ServerSpec server;
    /** The instance-action history, newest first, the delete finished. */
    private List<ActionEvent> actions = new ArrayList<>();
    private String deletedAt;
    /** When the server first became active (Nova's {@code launched_at}), if it ever did. */
    private String launchedAt;

    public ServerSpec getServer() {
        return server;
    }

    public void setServer(ServerSpec server) {
        this.server = server;
    }

    public List<ActionEvent> getActions() {
        return actions;
    }

    public void setActions(List<ActionEvent> actions) {
        this.actions = actions;
    }

    public String getDeletedAt() {
        return deletedAt;
    }

    public void setDeletedAt(String deletedAt) {
        this.deletedAt = deletedAt;
    }

    public String getLaunchedAt() {
        return launchedAt;
    }

    public void setLaunchedAt(String launchedAt) {
        this.launchedAt = launchedAt;
    }
}

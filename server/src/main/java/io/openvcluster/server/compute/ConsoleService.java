package io.openvcluster.server.compute;

import io.openvcluster.server.identity.Caller;

/**
 * Remote consoles: a vcluster's console is its kubeconfig, handed out through a short-lived URL on the facade
 * ({@link RemoteConsoles}, docs/remote-console.md).
 */
public final class ConsoleService {
    private final ServerRecords records;
    private final RemoteConsoles consoles;

    ConsoleService(ServerRecords records, RemoteConsoles consoles) {
        this.records = records;
        this.consoles = consoles;
    }

    public RemoteConsole openRemoteConsole(Caller caller, String serverId, String protocol, String type) {
        return consoles.open(records.visible(caller, serverId), protocol, type);
    }

    public ConsoleKubeconfig consoleKubeconfig(String ticket) {
        return consoles.redeem(ticket);
    }

}

package io.openvcluster.server.compute;

import java.time.Instant;

/**
 * A remote console opened on a server. A vcluster has no screen: its "console" is its kubeconfig, downloaded once
 * from a short-lived URL on the facade ({@code ticket} names it; the HTTP layer builds the URL from the address the
 * client used).
 *
 * @param protocol  as asked ({@code vnc}, {@code serial}, ...), echoed as Nova does
 * @param type      as asked ({@code novnc}, {@code serial}, ...)
 * @param ticket    the signed, expiring credential in the URL
 * @param expiresAt when the URL stops working
 */
public record RemoteConsole(String protocol, String type, String ticket, Instant expiresAt) {
}

package io.openvcluster.server.compute;

/**
 * What a remote-console URL downloads: the vcluster's kubeconfig, its server rewritten to the best endpoint known.
 *
 * @param serverName  the server's name, for the download's file name
 * @param yaml        the kubeconfig
 * @param reachableFromOutside true when the endpoint is a LoadBalancer address; false when it is the in-cluster
 *                    Service name, usable only from inside the host cluster (the file says so in a comment)
 */
public record ConsoleKubeconfig(String serverName, String yaml, boolean reachableFromOutside) {
}

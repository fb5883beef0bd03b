/**
 * What the host cluster shows: the informer caches of the objects a vcluster is made of, compacted to the facts the
 * facade reads ({@code HostObjects}), and the observation of one vcluster derived from them ({@code HostObserver}).
 */
package io.openvcluster.server.kube.host;

/**
 * Everything that talks to Kubernetes, one sub-package per job; the layers below import none above them:
 * <ul>
 *   <li>{@code client}: the fabric8 clients and the time requests spend waiting on the API server;</li>
 *   <li>{@code crd}: the facade's records as custom resources;</li>
 *   <li>{@code records}: their informer caches and store, read-your-writes, the catalog seeding;</li>
 *   <li>{@code snapshot}: vcluster's snapshot requests and pods, and the snapshot store's address;</li>
 *   <li>{@code host}: what the host cluster shows, compacted per object, and the observation derived from it;</li>
 *   <li>{@code provision}: putting a vcluster's objects on the host, from built-in manifests or as a Helm release
 *       of vcluster's official chart;</li>
 *   <li>{@code progress}: one step per verb on the host (power, resize, rebuild, snapshot) and the instance actions
 *       they end;</li>
 *   <li>{@code reconcile}: the level-triggered loop, its queue and leader gate, the one status writer, and the
 *       deletion of archives whose vcluster is gone.</li>
 * </ul>
 */
package io.openvcluster.server.kube;

/**
 * The facade's records as custom resources (group {@code compute.openvcluster.io}, version {@code v1alpha1}).
 * The Kubernetes API is the facade's only database: a Nova server, flavor or image is one custom resource in the
 * facade's namespace. The CRD YAML in {@code deploy/crds/} is generated from these classes.
 *
 * <p>The spec and status classes are mutable Java beans, as the fabric8 model is: they are (de)serialised by the
 * client and read by the CRD generator. Objects taken from an informer cache are shared and must be copied
 * ({@link io.openvcluster.server.kube.crd.Records#copy}) before they are changed.
 */
package io.openvcluster.server.kube.crd;

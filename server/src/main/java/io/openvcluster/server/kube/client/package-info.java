/** The facade's fabric8 clients, and the time a request spends waiting on the Kubernetes API ({@code Server-Timing}). */
package io.openvcluster.server.kube.client;

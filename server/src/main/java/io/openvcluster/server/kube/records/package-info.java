/**
 * The facade's records in the control cluster: their informer caches ({@code RecordStore}), the reads that see the
 * facade's own writes at once ({@code ReadYourWrites}), the CRDs and the default catalog seeded into them.
 */
package io.openvcluster.server.kube.records;

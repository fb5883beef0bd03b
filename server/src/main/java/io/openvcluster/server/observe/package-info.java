/**
 * The facade's meters, served in Prometheus' text format at {@code /observe/metrics} by Helidon's metrics observer
 * (docs/operations.md lists them and the alerts on them). A leaf: every other package may record here, and this one
 * names none of them.
 */
package io.openvcluster.server.observe;

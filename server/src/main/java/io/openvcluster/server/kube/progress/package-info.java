/**
 * One step per verb on the host, each idempotent and driven from what it observes: power (stop, start, pause,
 * suspend, reboot), resize, rebuild and restore, snapshot; and the instance actions they end.
 */
package io.openvcluster.server.kube.progress;

/**
 * The level-triggered loop that drives the host towards each server record: its work queue and paced resync, the
 * leader gate (one replica reconciles), the one writer of server status, and the deletion of snapshot archives whose
 * vcluster is gone.
 */
package io.openvcluster.server.kube.reconcile;

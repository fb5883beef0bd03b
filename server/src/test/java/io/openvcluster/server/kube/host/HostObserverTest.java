package io.openvcluster.server.kube.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class HostObserverTest {

    @Test
    void podStatusReadsLikeKubectl() {
        assertEquals("Running", HostObserver.podStatus(pod().withNewStatus().withPhase("Running").endStatus().build()));
        assertEquals("CrashLoopBackOff", HostObserver.podStatus(pod().withNewStatus().withPhase("Running")
                .addNewContainerStatus().withName("syncer").withNewState().withNewWaiting()
                .withReason("CrashLoopBackOff").endWaiting().endState().endContainerStatus().endStatus().build()));
        assertEquals("Init:ImagePullBackOff", HostObserver.podStatus(pod().withNewStatus().withPhase("Pending")
                .addNewInitContainerStatus().withName("kubernetes").withNewState().withNewWaiting()
                .withReason("ImagePullBackOff").endWaiting().endState().endInitContainerStatus().endStatus().build()));
        assertEquals("Init:0/1", HostObserver.podStatus(pod().withNewStatus().withPhase("Pending")
                .addNewInitContainerStatus().withName("kubernetes").withNewState().withNewRunning().endRunning()
                .endState().endInitContainerStatus().endStatus().build()));
        assertEquals("Terminating", HostObserver.podStatus(pod().editMetadata()
                .withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build()));
    }

    private static PodBuilder pod() {
        return new PodBuilder(new Pod()).withNewMetadata().withName("vc-0").endMetadata();
    }
}

package io.openvcluster.server.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against one {@link TestSandbox} with its backend for all its tests, started before the first
 * test and closed after the last. The static fields of the class whose type is {@link TestSandbox},
 * {@link io.openvcluster.server.sandbox.SandboxCluster}, {@link io.fabric8.kubernetes.client.KubernetesClient} (the
 * test's own, {@link TestSandbox#client()}), {@link io.openvcluster.server.Backend},
 * {@link io.openvcluster.server.compute.Domain} or {@link ServerSteps} are set before any {@code @BeforeAll} method of
 * the class runs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SandboxBackendExtension.class)
public @interface SandboxBackendTest {
    /** How long the host simulator takes for each step of a vcluster (pods starting, stopping...). */
    long simulatorDelayMillis() default 100;

    /** The instance quota of every project; 0 keeps {@link Fixtures#settings()}'s. */
    int instanceQuota() default 0;

    /** Nova's deferred delete: how long a deleted server stays soft-deleted; 0 (the default) deletes at once. */
    long reclaimIntervalSeconds() default 0;

    /** Nova's shelved_offload_time in seconds: 0 (the default) offloads within the shelve, -1 never. */
    long shelvedOffloadSeconds() default 0;

    /** How long a deleted server's actions stay readable, in seconds; -1 (the default) keeps the setting's default. */
    long deletedServerRetentionSeconds() default -1;

    /** Where snapshots (createImage) are written; empty keeps {@link Fixtures#settings()}'s. */
    String snapshotStore() default "";

    /**
     * Snapshots go to the sandbox's own s3 store, published with its credentials Secret as {@code ./ovc run} does
     * ({@link TestSandbox.Builder#sandboxSnapshotStore()}), so the facade's s3 client reaches it; overrides
     * {@link #snapshotStore()}.
     */
    boolean sandboxSnapshotStore() default false;

    /** The largest image upload in MiB ({@code OVC_IMAGE_UPLOAD_MAX_MIB}); 0 keeps the default. */
    int imageUploadMaxMib() default 0;

    /** The host cluster's Nova name ({@code OVC_HOST_NAME}); empty keeps the default. */
    String hostName() default "";

    /** The host cluster's availability zone ({@code OVC_AVAILABILITY_ZONE}); empty keeps the default. */
    String availabilityZone() default "";
}

package io.openvcluster.server.sandbox;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.openvcluster.server.kube.client.KubeClients;
import io.openvcluster.server.kube.records.CrdResources;
import io.openvcluster.server.kube.snapshot.SnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * An embedded Kubernetes API for trying every verb without a cluster: fabric8's mock API server in CRUD mode (an
 * in-memory object store with watches and optimistic locking) plus a {@link HostSimulator} standing in for the
 * kubelet and the StatefulSet controller. Our CRDs are created in it at start, so the mock applies status-subresource
 * semantics to servers as a real API server does. Not for production: nothing is persisted.
 */
public final class SandboxCluster implements AutoCloseable {
    /** The mock logs every request at INFO; kept here so the level set on it is not lost to garbage collection. */
    private static final System.Logger LOG = System.getLogger(SandboxCluster.class.getName());
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private static final long DEFAULT_FAULT_SEED = 1;

    private final KubernetesMockServer server;
    private final RecordedRequestDrain recordedRequests;
    private final String url;
    private final KubernetesClient adminClient;
    /** The Secret (facade namespace) naming the sandbox's s3 endpoint, as {@code OVC_SNAPSHOT_CREDENTIALS} would. */
    public static final String SNAPSHOT_CREDENTIALS_SECRET = "ovc-sandbox-snapshot-store";

    private final HostSimulator simulator;
    private final SandboxS3Endpoint s3;
    private final ApiFaults faults;
    private final List<KubernetesClient> clients = new ArrayList<>();

    private SandboxCluster(KubernetesMockServer server, String url, KubernetesClient adminClient, HostSimulator simulator,
                           SandboxS3Endpoint s3, ApiFaults faults) {
        this.server = server;
        this.recordedRequests = RecordedRequestDrain.start(server);
        this.faults = faults;
        this.url = url;
        this.adminClient = adminClient;
        this.simulator = simulator;
        this.s3 = s3;
    }

    public static SandboxCluster start(SandboxSettings settings) {
        return start(settings, DEFAULT_FAULT_SEED);
    }

    /** As {@link #start(SandboxSettings)}, with the seed of the fault schedule ({@link #faults()}, off at start). */
    public static SandboxCluster start(SandboxSettings settings, long faultSeed) {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        ApiFaults faults = new ApiFaults(faultSeed);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new ScopedCrudDispatcher(faults), false);
        try {
            server.init(InetAddress.getByName(settings.host()), settings.port());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the sandbox API server to " + settings.host(), e);
        }
        // The mock reports its host as "localhost"; clients use the address it is bound to.
        String url = "http://" + settings.host() + ":" + server.getPort() + "/";
        // the simulated host's client: API faults spare it (ApiFaults)
        KubernetesClient admin = newClient(url, Optional.of(ApiFaults.HOST_USER_AGENT));
        for (CustomResourceDefinition crd : CrdResources.load(admin)) {
            admin.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        SandboxNodes.create(admin, java.time.Instant.now());
        HostSimulator simulator = new HostSimulator(admin, settings.simulatorDelay());
        simulator.start();
        SandboxS3Endpoint s3 = SandboxS3Endpoint.start(settings.host(), simulator.archives());
        return new SandboxCluster(server, url, admin, simulator, s3, faults);
    }

    /** A new client for the embedded API (JDK HTTP client); closed with the sandbox. */
    public synchronized KubernetesClient client() {
        KubernetesClient client = newClient(url(), Optional.empty());
        clients.add(client);
        return client;
    }

    /** The base URL of the embedded API server, e.g. {@code http://127.0.0.1:43121/}. */
    public String url() {
        return url;
    }

    /** A kubeconfig that points any Kubernetes client (kubectl included) at the embedded API server. */
    public String kubeconfigYaml() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: ovc-sandbox
                  cluster:
                    server: %s
                users:
                - name: ovc-sandbox
                  user:
                    token: sandbox-not-for-production
                contexts:
                - name: ovc-sandbox
                  context:
                    cluster: ovc-sandbox
                    user: ovc-sandbox
                    namespace: default
                current-context: ovc-sandbox
                """.formatted(url().replaceAll("/$", ""));
    }

    /** The faults the embedded API server injects: none until switched on. */
    public ApiFaults faults() {
        return faults;
    }

    public HostSimulator simulator() {
        return simulator;
    }

    /** The simulator's snapshot store, served as a minimal S3 endpoint on 127.0.0.1. */
    public SandboxS3Endpoint s3Endpoint() {
        return s3;
    }

    /**
     * The sandbox's default snapshot store ({@link SnapshotStore#SANDBOX_DEFAULT}) with its credentials: Secret
     * {@link #SNAPSHOT_CREDENTIALS_SECRET} in the facade's namespace names the s3 endpoint, so the facade's s3 client
     * reaches the in-memory store exactly as it reaches a real one (e.g. MinIO).
     */
    public SnapshotStore publishSnapshotStore(String namespace) {
        if (adminClient.namespaces().withName(namespace).get() == null) {
            adminClient.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                    .createOr(NonDeletingOperation::update);
        }
        adminClient.resource(new SecretBuilder().withNewMetadata().withName(SNAPSHOT_CREDENTIALS_SECRET)
                        .withNamespace(namespace).endMetadata().withStringData(s3.credentials()).build())
                .createOr(NonDeletingOperation::update);
        return new SnapshotStore(SnapshotStore.SANDBOX_DEFAULT, Optional.of(SNAPSHOT_CREDENTIALS_SECRET));
    }

    @Override
    public synchronized void close() {
        faults.switchOff();
        faults.close();
        simulator.close();
        s3.close();
        clients.forEach(KubernetesClient::close);
        adminClient.close();
        recordedRequests.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            // fabric8's mock server gives up after 10 s when its event loop is still tearing down a closed watch.
            // Nothing is persisted and the process (or test JVM) ends anyway: a slow stop must not fail a shutdown.
            LOG.log(System.Logger.Level.INFO, "the embedded API server did not stop in time: " + e.getMessage());
        }
    }

    private static KubernetesClient newClient(String url, Optional<String> userAgent) {
        ConfigBuilder builder = new ConfigBuilder(Config.empty());
        userAgent.ifPresent(builder::withUserAgent);
        Config config = builder
                .withMasterUrl(url)
                .withNamespace("default")
                .withOauthToken("sandbox-not-for-production")
                .withRequestRetryBackoffLimit(3)
                .build();
        return KubeClients.build(config);
    }
}

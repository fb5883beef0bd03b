package io.openvcluster.deploy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.openvcluster.api.model.FlavorData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.Backend;
import io.openvcluster.server.compute.ComputeServiceData;
import io.openvcluster.server.compute.CreateServerRequest;
import io.openvcluster.server.compute.Domain;
import io.openvcluster.server.compute.InstanceActionQuery;
import io.openvcluster.server.compute.NewKeyPair;
import io.openvcluster.server.compute.NewSecurityGroupRule;
import io.openvcluster.server.compute.QuotaResource;
import io.openvcluster.server.compute.RemoteConsole;
import io.openvcluster.server.compute.SecurityGroupData;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.compute.UpdateServerRequest;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.identity.KubeRevocationList;
import io.openvcluster.server.kube.progress.NetworkPolicyRules;
import io.openvcluster.server.kube.reconcile.LeaderElectionSettings;
import io.openvcluster.server.kube.snapshot.SnapshotStore;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.sandbox.SandboxSettings;
import io.openvcluster.translator.DefaultCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Every Kubernetes request the facade makes over a server's whole life, recorded on the facade's own client (the
 * sandbox's simulator, which plays kubelet, uses another client and is not recorded). The facade runs as the chart
 * runs it: leader election on, CRDs installed by the chart, default catalog seeded. The chart's RBAC is checked
 * against this record, so a new call in the code that the RBAC does not allow fails the chart test.
 *
 * <p>The scenario goes through {@link Domain}, the same entry points the HTTP layer calls (servers and every
 * verb, flavors, key pairs, quotas, consoles, diagnostics, security groups), and the token revocation list: extend {@link #scenario} when a verb is
 * added there.
 */
final class RecordedFacadeRun {
    private static final Caller ADMIN = new Caller("req-rbac", "user-admin", "admin", "project-admin", "admin",
            Set.of("admin", "member"));
    /** The project member; each call gets its own request id, as each HTTP request does (instance actions key on it). */
    private static final Caller MEMBER = new Caller("req-rbac", "user-alice", "alice", "project-alpha", "alpha",
            Set.of("member"));
    private static final Duration GUARD = Duration.ofSeconds(60);
    private static volatile Result result;

    /** What the run saw: the API calls, and the rules of the Roles the facade gave its vclusters. */
    record Result(Set<ApiCall> calls, List<PolicyRule> vclusterRoleRules) {
    }

    private RecordedFacadeRun() {
    }

    /** Runs once per test JVM (a run takes a few seconds). */
    static synchronized Result result() {
        if (result == null) {
            result = run();
        }
        return result;
    }

    private static Result run() {
        Set<ApiCall> calls = ConcurrentHashMap.newKeySet();
        List<String> nonResource = new ArrayList<>();
        try (SandboxCluster sandbox = SandboxCluster.start(SandboxSettings.defaults()
                .withSimulatorDelay(Duration.ofMillis(50)));
             KubernetesClient facadeClient = recordingClient(sandbox.url(), calls, nonResource)) {
            BackendSettings chartLike = new BackendSettings(RenderedChart.NAMESPACE, false, true,
                    Duration.ofMillis(300), 10).withLeaderElection(new LeaderElectionSettings(true,
                    LeaderElectionSettings.DEFAULT_LEASE_NAME, Duration.ofSeconds(8), Duration.ofSeconds(6),
                    Duration.ofMillis(200), "rbac-recorder"))
                    // the sandbox simulator keeps s3 archives in memory; the host calls are the same for every store
                    .withSnapshotStore(new SnapshotStore(SnapshotStore.SANDBOX_DEFAULT, Optional.empty()))
                    // short, so that the run sees the deleted servers kept and then expired
                    .withDeletedServerRetention(Duration.ofSeconds(2));
            List<PolicyRule> roleRules;
            try (Backend backend = Backend.start(facadeClient, chartLike)) {
                await("leader", backend::leading);
                roleRules = scenario(backend.domain(), sandbox.client());
                revocations(facadeClient);
            }
            return new Result(Set.copyOf(calls), roleRules);
        }
    }

    /** A server's whole life and the catalog administration, as the HTTP layer drives them. */
    private static List<PolicyRule> scenario(Domain compute, KubernetesClient observer) {
        compute.catalog().listFlavors(MEMBER, Optional.empty());
        compute.catalog().listImages(MEMBER);
        String image = DefaultCatalog.images().get(0).id();
        FlavorData flavor = compute.catalog().createFlavor(ADMIN, new FlavorData(UUID.randomUUID().toString(), "rbac.small", 1,
                1024, 5, 0, 0, 1.0, true, false, Optional.empty(), Map.of()));
        compute.catalog().setFlavorExtraSpecs(ADMIN, flavor.id(), Map.of("hw:cpu_policy", "shared"));
        FlavorData bigger = compute.catalog().createFlavor(ADMIN, new FlavorData(UUID.randomUUID().toString(), "rbac.medium", 2,
                2048, 10, 0, 0, 1.0, true, false, Optional.empty(), Map.of()));
        // Key pairs and quotas are records too.
        compute.keyPairs().createKeyPair(MEMBER, new NewKeyPair("rbac-key", "ssh", Optional.empty(), Optional.empty()));
        compute.keyPairs().listKeyPairs(MEMBER, Optional.empty());
        compute.quotas().updateQuotaSet(ADMIN, MEMBER.projectId(), Map.of(QuotaResource.INSTANCES, 5), false);
        compute.quotas().updateQuotaSet(ADMIN, MEMBER.projectId(), Map.of(QuotaResource.INSTANCES, 6), false);
        compute.quotas().getQuotaUsage(MEMBER, MEMBER.projectId());

        // in a server group (its record created, then updated with the member)
        String group = compute.serverGroups().create(member(), "rbac-group", "soft-anti-affinity", Optional.empty())
                .id();
        String id = compute.servers().createServer(member(), new CreateServerRequest("rbac", flavor.id(), image, Map.of("k", "v"),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "", "", "", 1, 1,
                Optional.empty(), Optional.empty(), Optional.of(group)))
                .servers().get(0).id();
        await("server active", () -> "active".equals(compute.servers().getServer(MEMBER, id).vmState()));
        compute.servers().updateServer(MEMBER, id, new UpdateServerRequest(Optional.of("rbac-renamed"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        compute.attributes().setMetadata(MEMBER, id, Map.of("role", "db"), false);
        compute.attributes().addTag(MEMBER, id, "blue");
        securityGroups(compute, observer, id);

        // Every power verb, each until the reconciler has finished it.
        verb(compute, id, new ServerAction.Stop(), "stopped");
        verb(compute, id, new ServerAction.Start(), "active");
        verb(compute, id, new ServerAction.Pause(), "paused");
        verb(compute, id, new ServerAction.Unpause(), "active");
        verb(compute, id, new ServerAction.Suspend(), "suspended");
        verb(compute, id, new ServerAction.Resume(), "active");
        verb(compute, id, new ServerAction.Reboot(false), "active");
        verb(compute, id, new ServerAction.Reboot(true), "active");
        verb(compute, id, new ServerAction.Lock(Optional.of("rbac")), "active");
        verb(compute, id, new ServerAction.Unlock(), "active");
        verb(compute, id, new ServerAction.Resize(bigger.id()), "resized");
        verb(compute, id, new ServerAction.ConfirmResize(), "active");
        verb(compute, id, new ServerAction.Resize(flavor.id()), "resized");
        verb(compute, id, new ServerAction.RevertResize(), "active");
        compute.servers().consoleOutput(MEMBER, id, Optional.of(10));
        compute.diagnostics().of(ADMIN, id);
        compute.servers().listInstanceActions(MEMBER, id, InstanceActionQuery.all());
        RemoteConsole console = compute.consoles().openRemoteConsole(MEMBER, id, "vnc", "novnc");
        compute.consoles().consoleKubeconfig(console.ticket());

        // images: a snapshot of a running server (vcluster's snapshot request), of a stopped one (snapshot pod),
        // a rebuild from a snapshot (restore pod), a reimage, a clone (restore into a new vcluster), an image delete; the server
        // runs the bigger flavor again after the revert, so its snapshots' min_disk needs the bigger flavor
        String snapshot = compute.servers().createImage(member(), id, new ServerAction.CreateImage("rbac-snap", Map.of()));
        await("snapshot active", () -> "active".equals(compute.catalog().getImage(MEMBER, snapshot).status()));
        await("snapshot finished", () -> compute.servers().getServer(MEMBER, id).taskState().isEmpty());
        verb(compute, id, new ServerAction.Stop(), "stopped");
        String offline = compute.servers().createImage(member(), id, new ServerAction.CreateImage("rbac-snap-offline", Map.of()));
        await("offline snapshot active", () -> "active".equals(compute.catalog().getImage(MEMBER, offline).status()));
        await("offline snapshot finished", () -> compute.servers().getServer(MEMBER, id).taskState().isEmpty());
        verb(compute, id, new ServerAction.Start(), "active");
        compute.servers().rebuildServer(member(), id, new ServerAction.Rebuild(snapshot, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        await("rebuilt", () -> {
            ServerData server = compute.servers().getServer(MEMBER, id);
            return server.vmState().equals("active") && server.taskState().isEmpty();
        });
        // a rebuild from a base image: the reimage wipes the workloads' objects and the data volume claim
        compute.servers().rebuildServer(member(), id, new ServerAction.Rebuild(image, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        await("reimaged", () -> {
            ServerData server = compute.servers().getServer(MEMBER, id);
            return server.vmState().equals("active") && server.taskState().isEmpty();
        });
        String clone = compute.servers().createServer(member(), new CreateServerRequest("rbac-clone", bigger.id(), snapshot,
                Map.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "", "", "",
                1, 1, Optional.empty())).servers().get(0).id();
        await("clone active", () -> "active".equals(compute.servers().getServer(MEMBER, clone).vmState()));
        compute.catalog().deleteImage(MEMBER, offline);
        compute.servers().deleteServer(member(), clone);

        // rescue (a rescue pod on the data volume) and unrescue; a shelve, offloaded at once on this s3 store (the
        // namespace deleted), and its unshelve (installed again, restored, the shelve image deleted); a snapshot
        // cancelled by the delete of its image
        compute.servers().perform(member(), id, new ServerAction.Rescue(Optional.empty(), Optional.empty()));
        await("rescued", () -> {
            ServerData server = compute.servers().getServer(MEMBER, id);
            return server.vmState().equals("rescued") && server.taskState().isEmpty();
        });
        verb(compute, id, new ServerAction.Unrescue(), "active");
        verb(compute, id, new ServerAction.Shelve(), "shelved_offloaded");
        verb(compute, id, new ServerAction.Unshelve(Optional.empty(), false, Optional.empty()), "active");
        String cancelled = compute.servers().createImage(member(), id, new ServerAction.CreateImage("rbac-cancel",
                Map.of()));
        compute.catalog().deleteImage(MEMBER, cancelled);
        await("snapshot cancelled", () -> compute.servers().getServer(MEMBER, id).taskState().isEmpty());

        // The Roles the facade gave the vcluster: the facade must hold every permission in them itself.
        List<PolicyRule> rules = observer.rbac().roles().inAnyNamespace().list().getItems().stream()
                .map(Role::getRules).flatMap(List::stream).toList();

        compute.servers().deleteServer(member(), id);
        await("server record gone after its namespace", () -> observer.genericKubernetesResources(
                "compute.openvcluster.io/v1alpha1", "Server").inNamespace(RenderedChart.NAMESPACE).list().getItems()
                .isEmpty());
        await("deleted servers expired after the retention", () -> observer.genericKubernetesResources(
                "compute.openvcluster.io/v1alpha1", "DeletedServer").inNamespace(RenderedChart.NAMESPACE).list()
                .getItems().isEmpty());
        compute.catalog().deleteFlavor(ADMIN, flavor.id());
        compute.catalog().deleteFlavor(ADMIN, bigger.id());
        compute.keyPairs().deleteKeyPair(MEMBER, "rbac-key", Optional.empty());
        compute.quotas().deleteQuotaSet(ADMIN, MEMBER.projectId());
        // an admin disables the host's compute service and enables it again (its record created, then updated)
        ComputeServiceData service = compute.fleet().service(ComputeServiceData.COMPUTE, "host-cluster").orElseThrow();
        compute.fleet().update(service, Optional.of(true), Optional.of("rbac"), Optional.empty());
        compute.fleet().update(service, Optional.of(false), Optional.empty(), Optional.empty());
        compute.serverGroups().delete(member(), group);
        return rules;
    }

    /**
     * A security group with a rule, joined and left by the server (its NetworkPolicy created, then deleted; the
     * namespace's member labels updated), renamed and deleted. The server is in {@code default} since its create.
     */
    private static void securityGroups(Domain compute, KubernetesClient observer, String id) {
        SecurityGroupData web = compute.securityGroups().createSecurityGroup(MEMBER, "rbac-web", "web");
        compute.securityGroups().createRule(MEMBER, new NewSecurityGroupRule(web.id(), Optional.of("tcp"),
                Optional.of("443"), Optional.of("443"), Optional.of("10.0.0.0/8"), Optional.empty()));
        compute.servers().performAction(member(), id, new ServerAction.AddSecurityGroup("rbac-web"));
        await("the group's policy", () -> policiesOf(observer, web.id()) == 1);
        compute.servers().performAction(member(), id, new ServerAction.RemoveSecurityGroup(web.id()));
        await("the group's policy gone", () -> policiesOf(observer, web.id()) == 0);
        compute.securityGroups().updateSecurityGroup(MEMBER, web.id(), "rbac-web-renamed", "web");
        compute.securityGroups().deleteSecurityGroup(MEMBER, web.id());
    }

    private static int policiesOf(KubernetesClient observer, String groupId) {
        return observer.network().v1().networkPolicies().inAnyNamespace()
                .withLabel(NetworkPolicyRules.LABEL_GROUP, groupId).list().getItems().size();
    }

    private static Caller member() {
        return new Caller("req-" + UUID.randomUUID(), MEMBER.userId(), MEMBER.userName(), MEMBER.projectId(),
                MEMBER.projectName(), MEMBER.roles());
    }

    /** Performs a verb and waits until the reconciler has finished it (no task state, the expected vm state). */
    private static void verb(Domain compute, String id, ServerAction action, String vmState) {
        compute.servers().performAction(member(), id, action);
        await(action.name() + " done", () -> {
            ServerData server = compute.servers().getServer(MEMBER, id);
            return server.vmState().equals(vmState) && server.taskState().isEmpty();
        });
    }

    /** Token revocations, shared by the replicas through a ConfigMap (started by Main next to the backend). */
    private static void revocations(KubernetesClient client) {
        try (KubeRevocationList revocations = KubeRevocationList.start(client, RenderedChart.NAMESPACE,
                Clock.systemUTC())) {
            revocations.revoke("audit-1", Instant.now().plusSeconds(3600));
            revocations.revoke("audit-2", Instant.now().plusSeconds(3600));
            await("revocation seen", () -> revocations.isRevoked("audit-2"));
        }
    }

    private static KubernetesClient recordingClient(String url, Set<ApiCall> calls, List<String> nonResource) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withNamespace("default")
                .withOauthToken("sandbox-not-for-production").withRequestRetryBackoffLimit(3).build();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("rbac-recorder",
                        new Interceptor() {
                            @Override
                            public void before(BasicBuilder request, HttpRequest sent, RequestTags tags) {
                                ApiCall.parse(sent.method(), sent.uri()).ifPresentOrElse(calls::add,
                                        () -> nonResource.add(sent.uri().getPath()));
                            }
                        }))
                .build();
    }

    static Set<String> describe(Set<ApiCall> calls) {
        Set<String> lines = new TreeSet<>();
        calls.forEach(c -> lines.add(c.toString()));
        return lines;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not true after " + GUARD.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}

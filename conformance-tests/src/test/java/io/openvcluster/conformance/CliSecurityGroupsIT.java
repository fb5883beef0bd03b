package io.openvcluster.conformance;

import static io.openvcluster.conformance.CliSteps.assertRefused;
import static io.openvcluster.conformance.CliSteps.firstActiveImage;
import static io.openvcluster.conformance.CliSteps.names;
import static io.openvcluster.conformance.CliSteps.smallestFlavor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Security groups with the real {@code openstack} CLI, which uses Nova's {@code os-security-groups} because the
 * catalog has no network service: {@code security group create}, {@code security group rule create}, {@code server
 * create --security-group}, {@code server add security group}, {@code server remove security group} and
 * {@code security group delete}, at {@code --os-compute-api-version 2.35}. The NetworkPolicies they become are read
 * on the host (a sandbox cluster in its own process) with a client of this test's own.
 */
class CliSecurityGroupsIT extends RecordedCliTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String SERVER = "fenced-vc";
    /** The host cluster, started before the facade so that the facade works on it ({@code KUBECONFIG}). */
    private static SandboxClusterProcess cluster;
    @RegisterExtension
    static final ClientSummary SUMMARY = new ClientSummary("openstack CLI (security groups)");

    private KubernetesClient host;
    private OpenStackCli cli;
    private String webId;
    private String serverId;

    CliSecurityGroupsIT() throws Exception {
        super("cli-security-groups", 15, Map.of("KUBECONFIG", startCluster().toString()));
    }

    private static Path startCluster() throws Exception {
        CliSteps.requireCli();
        cluster = SandboxClusterProcess.start("cli-security-groups-host", Duration.ofMillis(100));
        return cluster.kubeconfig();
    }

    @BeforeAll
    void clients() throws Exception {
        host = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(cluster.kubeconfig())))
                .build();
        cli = demo.withEnv(Map.of("OS_COMPUTE_API_VERSION", "2.35"));
    }

    @AfterAll
    void stopHost() throws Exception {
        if (host != null) {
            host.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aGroupWithARuleIsMadeThroughNovasApi() throws Exception {
        JsonNode web = cli.json("security", "group", "create", "web", "--description", "web servers");
        assertEquals("web", web.path("name").asText(), web::toString);
        assertEquals("web servers", web.path("description").asText(), web::toString);
        webId = web.path("id").asText();
        JsonNode rule = cli.json("security", "group", "rule", "create", "--protocol", "tcp", "--dst-port", "443",
                "--remote-ip", "10.0.0.0/8", "web");
        assertEquals(webId, rule.path("parent_group_id").asText(), rule::toString);
        assertTrue(rule.toString().contains("10.0.0.0/8"), rule::toString);
        JsonNode groups = cli.json("security", "group", "list");
        assertTrue(names(groups).containsAll(List.of("web", "default")), groups::toString);
        // the CLI checks the order of a range itself; the bounds are Nova's to check. The CLI does not read Nova's
        // fault body on these calls (keystoneauth knows only Keystone's error format): it shows the status only
        assertRefused(cli.run("security", "group", "rule", "create", "--protocol", "tcp", "--dst-port", "0:22",
                "web"), "HTTP 400");
        assertEquals(1, cli.json("security", "group", "show", "web").path("rules").size());
    }

    @Test
    @Order(2)
    void aServerCreatedInTheGroupGetsItsNetworkPolicy() throws Exception {
        assertRefused(cli.run("server", "create", "--flavor", smallestFlavor(cli).path("Name").asText(), "--image",
                firstActiveImage(cli), "--security-group", "nope", "unfenced-vc"), "none found");
        JsonNode created = cli.json("server", "create", "--flavor", smallestFlavor(cli).path("Name").asText(),
                "--image", firstActiveImage(cli), "--security-group", "web", "--wait", SERVER);
        assertEquals("ACTIVE", created.path("status").asText(), created::toString);
        serverId = created.path("id").asText();
        assertTrue(created.path("security_groups").toString().contains("web"), created::toString);
        NetworkPolicy policy = awaitHost("ovc-sg-" + webId, () -> policy("ovc-sg-" + webId));
        assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
        NetworkPolicyIngressRule rule = policy.getSpec().getIngress().getFirst();
        assertEquals("TCP", rule.getPorts().getFirst().getProtocol());
        assertEquals(443, rule.getPorts().getFirst().getPort().getIntVal());
        assertEquals("10.0.0.0/8", rule.getFrom().getFirst().getIpBlock().getCidr());
        awaitHost("ovc-sg-own-namespace", () -> policy("ovc-sg-own-namespace"));
    }

    @Test
    @Order(3)
    void addingAndRemovingGroupsFollowsOnTheHost() throws Exception {
        cli.ok("server", "add", "security", "group", SERVER, "default");
        String defaultId = cli.json("security", "group", "show", "default").path("id").asText();
        NetworkPolicy own = awaitHost("ovc-sg-" + defaultId, () -> policy("ovc-sg-" + defaultId));
        assertEquals(Map.of("sg.compute.openvcluster.io/" + defaultId, "member"), own.getSpec().getIngress()
                .getFirst().getFrom().getFirst().getNamespaceSelector().getMatchLabels());
        JsonNode shown = cli.json("server", "show", SERVER);
        assertTrue(shown.path("security_groups").toString().contains("default"), shown::toString);

        cli.ok("server", "remove", "security", "group", SERVER, "web");
        awaitHost("ovc-sg-" + webId + " deleted", () -> policy("ovc-sg-" + webId) == null ? true : null);
        assertFalse(cli.json("server", "show", SERVER).path("security_groups").toString().contains("web"));
        assertRefused(cli.run("server", "remove", "security", "group", SERVER, "web"), "is not associated");
    }

    @Test
    @Order(4)
    void aGroupNoServerUsesIsDeleted() throws Exception {
        cli.ok("security", "group", "delete", "web");
        assertRefused(cli.run("security", "group", "show", "web"), "none found");
        assertRefused(cli.run("security", "group", "delete", "default"), "HTTP 400");
        assertNull(policy("ovc-sg-" + webId));
    }

    private NetworkPolicy policy(String name) {
        return host.network().v1().networkPolicies().inNamespace(namespace()).withName(name).get();
    }

    private String namespace() {
        List<StatefulSet> found = host.apps().statefulSets().inAnyNamespace()
                .withLabel("compute.openvcluster.io/server-id", serverId).list().getItems();
        assertEquals(1, found.size(), "one control-plane StatefulSet for " + serverId);
        return found.getFirst().getMetadata().getNamespace();
    }

    /** Polls the host until {@code value} gives something. */
    private <T> T awaitHost(String what, Supplier<T> value) throws InterruptedException {
        for (long i = 0; i < PATIENCE.toMillis() / 250; i++) {
            T found = value.get();
            if (found != null) {
                return found;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not seen on the host within " + PATIENCE + ": " + what);
    }
}

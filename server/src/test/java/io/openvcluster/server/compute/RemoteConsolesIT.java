package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.BOB;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Remote consoles as kubeconfig downloads, on the sandbox cluster: tickets, isolation, endpoints. */
@SandboxBackendTest(simulatorDelayMillis = 200)
class RemoteConsolesIT {
    private static KubernetesClient client;
    private static Domain compute;
    private static ServerSteps steps;
    private static String activeId;

    @BeforeAll
    static void start() {
        activeId = compute.servers().createServer(ALICE, create("console one")).servers().get(0).id();
        await("server active", () -> "active".equals(compute.servers().getServer(ALICE, activeId).vmState()));
    }

    @Test
    void aTicketDownloadsTheVclustersKubeconfigPointedAtItsService() {
        RemoteConsole console = compute.consoles().openRemoteConsole(ALICE, activeId, "vnc", "novnc");
        assertEquals("vnc", console.protocol());
        assertEquals("novnc", console.type());
        assertTrue(console.expiresAt().isBefore(Instant.now().plus(RemoteConsoles.TTL).plusSeconds(5)));

        ConsoleKubeconfig kubeconfig = compute.consoles().consoleKubeconfig(console.ticket());
        ServerRecord record = steps.record(activeId);
        String expected = "server: https://" + record.getSpec().getRelease() + "." + record.getSpec().getHostNamespace() + ":443";
        assertTrue(kubeconfig.yaml().contains(expected), kubeconfig.yaml());
        assertTrue(kubeconfig.yaml().contains("kind: Config"), "the Secret's kubeconfig, rewritten: " + kubeconfig.yaml());
        assertTrue(kubeconfig.yaml().startsWith("# kubeconfig of server console one"), kubeconfig.yaml());
        assertFalse(kubeconfig.reachableFromOutside());
        assertEquals("console one", kubeconfig.serverName());
        // "works for minutes": a second download inside the lifetime works too
        assertEquals(kubeconfig.yaml(), compute.consoles().consoleKubeconfig(console.ticket()).yaml());
    }

    @Test
    void aLoadBalancerAddressIsPreferred() {
        String id = compute.servers().createServer(ALICE, create("console lb")).servers().get(0).id();
        await("server active", () -> "active".equals(compute.servers().getServer(ALICE, id).vmState()));
        ServerRecord record = steps.record(id);
        Service service = client.services().inNamespace(record.getSpec().getHostNamespace())
                .withName(record.getSpec().getRelease()).get();
        service.getSpec().setType("LoadBalancer");
        service.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer()
                .withIngress(new LoadBalancerIngressBuilder().withIp("203.0.113.7").build()).endLoadBalancer().build());
        client.resource(service).update();

        // the Service is read from the host informer: the address shows once the informer has the update
        String ticket = compute.consoles().openRemoteConsole(ALICE, id, "vnc", "novnc").ticket();
        await("the LoadBalancer address in the kubeconfig",
                () -> compute.consoles().consoleKubeconfig(ticket).yaml().contains("server: https://203.0.113.7:443"));
        ConsoleKubeconfig kubeconfig = compute.consoles().consoleKubeconfig(ticket);
        assertTrue(kubeconfig.reachableFromOutside());
    }

    @Test
    void anotherProjectCannotOpenTheConsole() {
        ApiException e = assertThrows(ApiException.class, () -> compute.consoles().openRemoteConsole(BOB, activeId, "vnc", "novnc"));
        assertEquals(404, e.status());
    }

    @Test
    void aProtocolAndTypeNovaDoesNotPairAreRefused() {
        ApiException e = assertThrows(ApiException.class, () -> compute.consoles().openRemoteConsole(ALICE, activeId, "vnc", "serial"));
        assertEquals(400, e.status());
    }

    @Test
    void aServerThatIsNotActiveHasNoConsoleYet() {
        String id = compute.servers().createServer(ALICE, create("console building")).servers().get(0).id();
        ApiException e = assertThrows(ApiException.class, () -> compute.consoles().openRemoteConsole(ALICE, id, "vnc", "novnc"));
        assertEquals(409, e.status());
        assertEquals("Instance " + id + " is not ready", e.getMessage());
    }

    @Test
    void expiredTamperedForeignOrGarbageTicketsAreRefused() throws Exception {
        byte[] key = Base64.getDecoder().decode(client.secrets().inNamespace(Fixtures.settings().namespace())
                .withName(RemoteConsoles.KEY_SECRET).get().getData().get("key"));
        Instant past = Instant.now().minus(Duration.ofMinutes(10));
        String expired = sign(key, activeId, RemoteConsoles.AUDIENCE, past, past.plusSeconds(60));
        String otherAudience = sign(key, activeId, "something-else", Instant.now(), Instant.now().plusSeconds(60));
        byte[] foreignKey = new byte[32];
        new SecureRandom().nextBytes(foreignKey);
        String foreign = sign(foreignKey, activeId, RemoteConsoles.AUDIENCE, Instant.now(), Instant.now().plusSeconds(60));
        String valid = compute.consoles().openRemoteConsole(ALICE, activeId, "vnc", "novnc").ticket();
        String tampered = valid.substring(0, valid.length() - 3) + (valid.endsWith("AAA") ? "BBB" : "AAA");

        for (String ticket : new String[] {expired, otherAudience, foreign, tampered, "garbage", ""}) {
            ApiException e = assertThrows(ApiException.class, () -> compute.consoles().consoleKubeconfig(ticket), ticket);
            assertEquals(404, e.status(), ticket);
        }
    }

    @Test
    void aTicketStopsWorkingWhenItsServerIsDeleted() {
        String id = compute.servers().createServer(ALICE, create("console gone")).servers().get(0).id();
        await("server active", () -> "active".equals(compute.servers().getServer(ALICE, id).vmState()));
        String ticket = compute.consoles().openRemoteConsole(ALICE, id, "vnc", "novnc").ticket();
        compute.servers().deleteServer(ALICE, id);
        ApiException e = assertThrows(ApiException.class, () -> compute.consoles().consoleKubeconfig(ticket));
        assertEquals(404, e.status());
    }

    private static String sign(byte[] key, String subject, String audience, Instant issued, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(subject)
                .audience(audience).issueTime(Date.from(issued)).expirationTime(Date.from(expires)).build());
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }
}

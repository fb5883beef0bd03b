package io.openvcluster.conformance;

import static io.openvcluster.conformance.CliSteps.assertRefused;
import static io.openvcluster.conformance.CliSteps.requireCli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Images carried as archives with the real {@code openstack} CLI: a snapshot ({@code server image create}) saved to a
 * file ({@code image save}), uploaded as a new image ({@code image create --file}) with the file's size and checksum,
 * saved again byte for byte, cloned ({@code server create --image}) and restored ({@code server rebuild --image}); the
 * host shows the restore pods reading the uploaded archive. A file that is not an archive is refused with the 400.
 * Then the same through openstacksdk ({@code src/test/python/sdk_deferred_verbs.py --scenario image-transfer}). The
 * facade runs against the sandbox cluster in its own process, with the sandbox's s3 store, so the test reads the host
 * with its own client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliImageTransferIT {
    private static final String SERVER = "carry-vc1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Pod> restorePods = new ConcurrentHashMap<>();
    private SandboxClusterProcess cluster;
    private SandboxServer facade;
    private KubernetesClient kube;
    private Watch watch;
    private OpenStackCli demo;
    private Path dir;
    private String serverId;
    private String uploadedUrl;

    @BeforeAll
    void start() throws Exception {
        requireCli();
        dir = Files.createDirectories(Path.of("target", "cli-image-transfer").toAbsolutePath());
        cluster = SandboxClusterProcess.start("cli-image-transfer", Duration.ofMillis(200));
        kube = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(cluster.kubeconfig())))
                .build();
        // every restore pod the host ever runs, kept after the facade deletes it
        watch = kube.pods().inAnyNamespace().withLabel("app", "vcluster-snapshot").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (pod.getSpec().getContainers().getFirst().getCommand().contains("restore")) {
                    restorePods.putIfAbsent(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), pod);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        facade = SandboxServer.start("cli-image-transfer", Map.of("KUBECONFIG", cluster.kubeconfig().toString(),
                "OVC_SNAPSHOT_STORE", "s3://sandbox-snapshots/images",
                "OVC_SNAPSHOT_CREDENTIALS", "ovc-sandbox-snapshot-store"));
        demo = new OpenStackCli(facade.authUrl(), "demo", "demo", SandboxServer.PASSWORD);
    }

    @AfterAll
    void stop() throws Exception {
        if (watch != null) {
            watch.close();
        }
        if (facade != null) {
            facade.close();
        }
        if (kube != null) {
            kube.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aSnapshotSavedToAFileIsUploadedAsAnImageOfTheSameBytes() throws Exception {
        String image = demo.json("image", "list").get(0).path("Name").asText();
        JsonNode created = demo.json("server", "create", "--flavor", "vc.tiny", "--image", image, "--wait", SERVER);
        assertEquals("ACTIVE", created.path("status").asText(), created::toString);
        serverId = created.path("id").asText();
        JsonNode snapshot = demo.json("server", "image", "create", "--name", "carry-snap", "--wait", SERVER);
        assertEquals("active", snapshot.path("status").asText(), snapshot::toString);

        Path saved = dir.resolve("carry-snap.tar.gz");
        Files.deleteIfExists(saved);
        OpenStackCli.Result save = demo.run("image", "save", "--file", saved.toString(), "carry-snap");
        assertEquals(0, save.exitCode(), save::toString);
        byte[] archive = Files.readAllBytes(saved);
        assertTrue(archive.length > 100 && (archive[0] & 0xff) == 0x1f && (archive[1] & 0xff) == 0x8b,
                "the saved snapshot is a gzip archive of " + archive.length + " bytes");

        OpenStackCli.Result create = demo.run("image", "create", "--file", saved.toString(), "--container-format",
                "bare", "--disk-format", "raw", "carried");
        assertEquals(0, create.exitCode(), create::toString);
        JsonNode carried = demo.json("image", "show", "carried");
        assertEquals("active", carried.path("status").asText(), carried::toString);
        assertEquals(archive.length, carried.path("size").asLong(), carried::toString);
        assertEquals(hex("MD5", archive), carried.path("checksum").asText(), carried::toString);
        String properties = carried.path("properties").toString();
        assertTrue(properties.contains(hex("SHA-512", archive)), properties);
        uploadedUrl = carried.path("properties").path("vcluster_snapshot_url").asText();
        assertTrue(uploadedUrl.endsWith(carried.path("id").asText() + ".tar.gz"), properties);

        Path again = dir.resolve("carried.tar.gz");
        Files.deleteIfExists(again);
        OpenStackCli.Result saveAgain = demo.run("image", "save", "--file", again.toString(), "carried");
        assertEquals(0, saveAgain.exitCode(), saveAgain::toString);
        assertArrayEquals(archive, Files.readAllBytes(again));
    }

    @Test
    @Order(2)
    void aServerIsClonedFromTheUploadedImage() throws Exception {
        JsonNode clone = demo.json("server", "create", "--flavor", "vc.tiny", "--image", "carried", "--wait",
                "carry-clone");
        assertEquals("ACTIVE", clone.path("status").asText(), clone::toString);
        assertNotEquals(serverId, clone.path("id").asText());
        assertRestoredFromTheUpload(clone.path("id").asText(), "--new-vcluster");
    }

    @Test
    @Order(3)
    void aServerIsRebuiltFromTheUploadedImage() throws Exception {
        OpenStackCli.Result r = demo.run("server", "rebuild", "--image", "carried", "--wait", SERVER);
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode shown = demo.json("server", "show", SERVER);
        assertEquals("ACTIVE", shown.path("status").asText(), shown::toString);
        assertRestoredFromTheUpload(serverId, "restore");
    }

    @Test
    @Order(4)
    void aFileThatIsNotAnArchiveIsRefusedWithTheFacadesReason() throws Exception {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# not an archive\n");
        OpenStackCli.Result r = demo.run("image", "create", "--file", readme.toString(), "--container-format",
                "bare", "--disk-format", "raw", "not-an-archive");
        assertRefused(r, "400", "The image data is not a vcluster snapshot archive: not a gzip stream.");
        // openstacksdk deletes an image whose upload failed; if one is left, it is still queued with no data
        for (JsonNode image : demo.json("image", "list", "--long")) {
            if (image.path("Name").asText().equals("not-an-archive")) {
                assertEquals("queued", image.path("Status").asText(), image::toString);
            }
        }
    }

    @Test
    @Order(5)
    void openstacksdkDownloadsUploadsAndClonesTheSame() throws Exception {
        PythonScript.Result r = PythonScript.run("sdk_deferred_verbs.py", List.of("--auth-url", facade.authUrl(),
                "--password", SandboxServer.PASSWORD, "--scenario", "image-transfer"));
        PythonScript.Summary summary = r.summary("openstacksdk");
        assertEquals(4, summary.passed(), r::toString);
        assertEquals(0, summary.failed(), r::toString);
        assertEquals(0, r.exitCode(), r::toString);
    }

    /** The host ran a restore pod for the server, reading the uploaded archive. */
    private void assertRestoredFromTheUpload(String id, String command) throws Exception {
        String namespace = kube.apps().statefulSets().inAnyNamespace().withLabel("compute.openvcluster.io/server-id",
                id).list().getItems().getFirst().getMetadata().getNamespace();
        List<Pod> pods = restorePods.values().stream().filter(p -> p.getMetadata().getNamespace().equals(namespace))
                .filter(p -> p.getSpec().getContainers().getFirst().getCommand().contains(command)).toList();
        assertEquals(1, pods.size(), () -> "restore pods in " + namespace + ": " + restorePods.keySet());
        EnvVar options = pods.getFirst().getSpec().getContainers().getFirst().getEnv().stream()
                .filter(e -> e.getName().equals("VCLUSTER_STORAGE_OPTIONS")).findFirst().orElseThrow();
        JsonNode decoded = JSON.readTree(Base64.getDecoder().decode(options.getValue()));
        assertEquals(uploadedUrl, "s3://" + decoded.at("/s3/bucket").asText() + "/" + decoded.at("/s3/key").asText(),
                decoded::toString);
    }

    private static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }
}

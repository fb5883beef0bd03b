package io.openvcluster.server.kube.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** deploy/crds/ must hold exactly what the crd-generator produces from the Java types. */
class GeneratedCrdsTest {
    private static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8");
    private static final Path DEPLOYED = Path.of("..", "deploy", "crds");
    private static final String HOW_TO_REFRESH = "deploy/crds/ is out of date with the Java types; refresh it with: "
            + "mvn -o -pl server process-classes && cp server/target/classes/META-INF/fabric8/*-v1.yml deploy/crds/";

    @Test
    void deployedCrdsMatchTheGeneratedOnes() throws IOException {
        List<String> generated = names(GENERATED);
        assertEquals(List.of("computeservices.compute.openvcluster.io-v1.yml",
                "deletedservers.compute.openvcluster.io-v1.yml",
                "flavors.compute.openvcluster.io-v1.yml", "images.compute.openvcluster.io-v1.yml",
                "keypairs.compute.openvcluster.io-v1.yml", "quotasets.compute.openvcluster.io-v1.yml",
                "securitygroups.compute.openvcluster.io-v1.yml", "servergroups.compute.openvcluster.io-v1.yml",
                "servers.compute.openvcluster.io-v1.yml"), generated, "the generator's output changed");
        assertEquals(generated, names(DEPLOYED), HOW_TO_REFRESH);
        for (String name : generated) {
            assertEquals(Files.readString(GENERATED.resolve(name)), Files.readString(DEPLOYED.resolve(name)),
                    name + ": " + HOW_TO_REFRESH);
        }
    }

    @Test
    void serverCrdHasAStatusSubresourceAndCatalogCrdsDoNot() throws IOException {
        assertTrue(Files.readString(DEPLOYED.resolve("servers.compute.openvcluster.io-v1.yml")).contains("subresources:"));
        assertTrue(!Files.readString(DEPLOYED.resolve("flavors.compute.openvcluster.io-v1.yml")).contains("subresources:"));
    }

    @Test
    void recordNamesAreDnsNamesAndDistinct() {
        assertEquals("flavor-1", Records.flavorName("1"));
        assertEquals("image-0e1b3c1a-1111-4222-8333-444455556666", Records.imageName("0e1b3c1a-1111-4222-8333-444455556666"));
        String dotted = Records.flavorName("m1.small");
        assertTrue(dotted.matches("flavor-h[0-9a-f]{24}"), dotted);
        assertTrue(!Records.flavorName("Tiny").equals(Records.flavorName("tiny")));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-v1.yml")).sorted().toList();
        }
    }
}

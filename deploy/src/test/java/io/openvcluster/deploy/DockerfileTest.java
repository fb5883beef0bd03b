package io.openvcluster.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image is not built here (no container engine), so the Dockerfile is checked for what would break it or make it
 * unsafe: a module pom it does not copy (the reactor would not start), the jar and its libs, a non-root user, a JRE
 * new enough for our Java 21 bytecode.
 */
class DockerfileTest {
    private static final Path DOCKERFILE = Path.of("docker", "Dockerfile");
    private static final Path PARENT_POM = Path.of("..", "pom.xml");

    @Test
    void copiesEveryModulePomOfTheReactor() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        List<String> modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(PARENT_POM))
                .results().map(m -> m.group(1)).toList();
        assertTrue(modules.contains("server"), modules.toString());
        for (String module : modules) {
            assertTrue(dockerfile.contains("COPY " + module + "/pom.xml " + module + "/"),
                    "deploy/docker/Dockerfile must copy " + module + "/pom.xml, or the reactor cannot start");
        }
    }

    @Test
    void runsTheServerJarWithItsLibsAsANonRootUserOnAJre21OrNewer() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        Matcher jre = Pattern.compile("FROM eclipse-temurin:(\\d+)-jre").matcher(runtime);
        assertTrue(jre.find(), "the runtime stage is a JRE image");
        assertTrue(Integer.parseInt(jre.group(1)) >= 21, "Java 21 bytecode needs a JRE 21 or newer");
        assertTrue(runtime.contains("/src/server/target/libs/ /app/libs/"), "the jar's Class-Path names libs/");
        assertTrue(runtime.contains("/src/server/target/ovc-server.jar /app/ovc-server.jar"));
        Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(runtime);
        assertTrue(user.find(), "the runtime stage sets a USER");
        assertEquals("${UID}:${UID}", user.group(1));
        assertTrue(runtime.contains("ARG UID=10001"));
        assertTrue(runtime.contains(
                "ENTRYPOINT [\"java\", \"-XX:AOTCache=/app/ovc-server.aot\", \"-jar\", \"/app/ovc-server.jar\"]"));
        // the AOT cache fits only the JRE and class path it was made with: trained in this stage, on this jar
        assertTrue(runtime.contains("RUN /app/aot-train.sh /app/ovc-server.jar /app/ovc-server.aot"));
        assertTrue(runtime.indexOf("aot-train.sh /app/ovc-server.jar") > runtime.indexOf("/app/ovc-server.jar\n"),
                "the training runs after the jar is copied");
    }
}

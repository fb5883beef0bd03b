package io.openvcluster.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code openstack} CLI (Debian's python3-openstackclient, run by /usr/bin/python3), configured through
 * the usual OS_* environment variables, as an operator would use it.
 */
final class OpenStackCli {
    static final Path BINARY = Path.of("/usr/bin/openstack");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String authUrl;
    private final String user;
    private final String project;
    private final String password;
    /** Set after the defaults; an empty value removes the variable (e.g. for another auth type). */
    private final Map<String, String> extraEnv;

    OpenStackCli(String authUrl, String user, String project, String password) {
        this(authUrl, user, project, password, Map.of());
    }

    private OpenStackCli(String authUrl, String user, String project, String password, Map<String, String> extraEnv) {
        this.authUrl = authUrl;
        this.user = user;
        this.project = project;
        this.password = password;
        this.extraEnv = Map.copyOf(extraEnv);
    }

    /** The same CLI with more OS_* variables, e.g. {@code OS_AUTH_TYPE=v3oidcpassword} and its options. */
    OpenStackCli withEnv(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(extraEnv);
        merged.putAll(more);
        return new OpenStackCli(authUrl, user, project, password, merged);
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    OpenStackCli as(String otherUser, String otherProject, String otherPassword) {
        return new OpenStackCli(authUrl, otherUser, otherProject, otherPassword, extraEnv);
    }

    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(BINARY.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        var env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("OS_"));
        env.put("OS_AUTH_URL", authUrl);
        env.put("OS_IDENTITY_API_VERSION", "3");
        env.put("OS_USERNAME", user);
        env.put("OS_PASSWORD", password);
        env.put("OS_PROJECT_NAME", project);
        env.put("OS_USER_DOMAIN_NAME", "Default");
        env.put("OS_PROJECT_DOMAIN_NAME", "Default");
        env.put("OS_INTERFACE", "public");
        extraEnv.forEach((k, v) -> {
            if (v.isEmpty()) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        Path out = Files.createTempFile("osc-out", ".txt");
        Path err = Files.createTempFile("osc-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("openstack " + String.join(" ", args) + " did not finish in 180 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs a command that prints nothing on success; fails with the CLI's output otherwise. */
    void ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        if (!r.ok() || r.stderr().contains("Traceback")) {
            throw new AssertionError("openstack " + String.join(" ", args) + " failed: " + r);
        }
    }

    /** Runs a command with {@code -f json} and parses what it printed; fails with the CLI's output otherwise. */
    JsonNode json(String... args) throws IOException, InterruptedException {
        String[] withFormat = new String[args.length + 2];
        System.arraycopy(args, 0, withFormat, 0, args.length);
        withFormat[args.length] = "-f";
        withFormat[args.length + 1] = "json";
        Result r = run(withFormat);
        if (!r.ok()) {
            throw new AssertionError("openstack " + String.join(" ", args) + " failed: " + r);
        }
        return JSON.readTree(r.stdout());
    }
}

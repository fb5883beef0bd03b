package io.openvcluster.conformance;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One of this module's Go programs ({@code src/test/go/<name>}, package main), built with Debian's golang-go in
 * GOPATH mode against the Go libraries Debian installs under {@code /usr/share/gocode} (no modules, no proxy, no
 * network, no C compiler), into {@code target/go/}, then run like the Python scripts ({@link PythonScript#exec}).
 */
final class GoProgram {
    /** Where Debian's {@code golang-*-dev} packages put their sources. */
    static final Path GOCODE = Path.of("/usr/share/gocode");
    private static final Path SOURCES = Path.of("src", "test", "go");
    private static final Path OUTPUT = Path.of("target", "go");

    private GoProgram() {
    }

    /** The {@code go} command on PATH, as {@code command -v go} finds it. */
    static Optional<Path> go() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "go"))) {
                return Optional.of(Path.of(dir, "go"));
            }
        }
        return Optional.empty();
    }

    /** True when the sources of a Go package, by import path, are installed under {@link #GOCODE}. */
    static boolean installed(String importPath) {
        return Files.isDirectory(GOCODE.resolve("src").resolve(importPath));
    }

    /** Builds {@code src/test/go/<name>}; the executable, or an error with the compiler's output. */
    static Path build(String name) throws IOException, InterruptedException {
        Path go = go().orElseThrow(() -> new IllegalStateException("go is not on PATH"));
        Path out = OUTPUT.toAbsolutePath();
        Path binary = out.resolve("bin").resolve(name);
        Files.createDirectories(binary.getParent());
        PythonScript.Result r = PythonScript.exec("go build " + name, List.of(go.toString(), "build", "-o",
                binary.toString(), "./" + SOURCES.resolve(name)), Map.of(
                        "GO111MODULE", "off",
                        "GOPATH", out.resolve("gopath") + File.pathSeparator + GOCODE,
                        "GOCACHE", out.resolve("cache").toString(),
                        "GOENV", "off",
                        "GOPROXY", "off",
                        "GOFLAGS", "",
                        "CGO_ENABLED", "0"), false);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("go build of " + SOURCES.resolve(name) + " failed: " + r);
        }
        return binary;
    }

    /** Runs a built program with {@code env} (its OS_* variables) and echoes what it printed. */
    static PythonScript.Result run(Path binary, Map<String, String> env) throws IOException, InterruptedException {
        return PythonScript.exec(binary.getFileName().toString(), List.of(binary.toString()), env, true);
    }
}

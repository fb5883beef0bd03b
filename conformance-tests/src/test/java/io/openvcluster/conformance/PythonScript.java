package io.openvcluster.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one of this module's Python scripts ({@code src/test/python}) with Debian's /usr/bin/python3, the
 * interpreter the Debian client packages are installed for. Its output is echoed so that CI logs show each step.
 */
final class PythonScript {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPTS = Path.of("src", "test", "python");

    private PythonScript() {
    }

    record Result(int exitCode, String output) {
        /** The numbers of the last line {@code <label>: N passed, M failed} (or {@code N bodies validated}, ...). */
        Summary summary(String label) {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + ": (\\d+) (?:passed|bodies validated|error bodies checked), (\\d+) failed")
                    .matcher(output);
            Summary last = null;
            while (m.find()) {
                last = new Summary(m.group(0), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
            if (last == null) {
                throw new AssertionError("no '" + label + ": N passed, M failed' line in:\n" + output);
            }
            return last;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + output;
        }
    }

    record Summary(String line, int passed, int failed) {
    }

    /** True when a Python module can be imported by /usr/bin/python3. */
    static boolean canImport(String module) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import " + module).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    static Result run(String script, List<String> args) throws IOException, InterruptedException {
        return run(script, args, true);
    }

    /** @param echo false for runs on made-up input, whose summary lines must not be mistaken for a client's */
    static Result run(String script, List<String> args, boolean echo) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-u", SCRIPTS.resolve(script).toString()));
        cmd.addAll(args);
        return exec(script, cmd, Map.of(), echo);
    }

    /**
     * Runs a client program (a script, a Go program, its build) for at most 600 s with none of the caller's OS_*
     * variables but those in {@code env}, which also sets (or, with an empty value, removes) any other variable.
     *
     * @param label names the program in the echo and in a timeout's message
     */
    static Result exec(String label, List<String> cmd, Map<String, String> env, boolean echo)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("client-out", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("OS_"));
            env.forEach((k, v) -> {
                if (v.isEmpty()) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            Process p = pb.start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(label + " did not finish in 600 s:\n" + Files.readString(out));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            if (echo) {
                System.out.println("--- " + label + "\n" + output);
            }
            return new Result(p.exitValue(), output);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}

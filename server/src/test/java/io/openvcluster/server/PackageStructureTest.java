package io.openvcluster.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the server's main code, read from its sources: no package imports a package that imports it back
 * (directly or through others), and no source file is longer than {@value #MAX_LINES} lines, so that each class keeps
 * one job. Imports are what count, fully qualified names in code and comments too ({@code io.openvcluster.server.x.Y}).
 */
class PackageStructureTest {
    private static final int MAX_LINES = 400;
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.openvcluster\\.server(?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void noPackageCycle() {
        Map<String, Set<String>> graph = dependencies();
        List<Set<String>> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected(graph)) {
            if (component.size() > 1) {
                cycles.add(component);
            }
        }
        assertEquals(List.of(), cycles, "packages that import each other, through these imports: " + edges(graph, cycles));
    }

    @Test
    void noSourceFileOverTheLimit() {
        Map<String, Long> over = new TreeMap<>();
        for (Path file : sources()) {
            long lines = read(file).lines().count();
            if (lines > MAX_LINES) {
                over.put(MAIN.relativize(file).toString(), lines);
            }
        }
        assertEquals(Map.of(), over, "source files over " + MAX_LINES + " lines");
    }

    /** Package → the server packages its sources name (imports and qualified names), itself excluded. */
    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path file : sources()) {
            String text = read(file);
            Matcher declared = PACKAGE.matcher(text);
            if (!declared.find()) {
                continue;
            }
            String pkg = declared.group(1);
            Set<String> uses = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
            Matcher reference = REFERENCE.matcher(text);
            while (reference.find()) {
                String used = reference.group(1);
                if (!used.equals(pkg)) {
                    uses.add(used);
                }
            }
        }
        return graph;
    }

    /** Tarjan's algorithm, iteratively. */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, graph, index, low, stack, onStack, components, counter);
            }
        }
        return components;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<Set<String>> components, int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]++);
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, components, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            components.add(component);
        }
    }

    private static Map<String, Set<String>> edges(Map<String, Set<String>> graph, List<Set<String>> cycles) {
        Map<String, Set<String>> within = new TreeMap<>();
        for (Set<String> cycle : cycles) {
            for (String pkg : cycle) {
                Set<String> targets = new TreeSet<>(graph.get(pkg));
                targets.retainAll(cycle);
                within.put(pkg, targets);
            }
        }
        return within;
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.openvcluster.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The cheap facts of the documents, kept true: the README names every Debian package CI installs and the launcher
 * asks for (a newcomer's machine needs the same), and every document a page points to exists.
 */
class DocumentsHoldTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern CI_PACKAGE = Pattern.compile("need_pkgs\\+=\\(([a-z0-9.+-]+)\\)");
    private static final Pattern APT_INSTALL = Pattern.compile("apt-get install -y ([a-z0-9.+ -]+)");
    private static final Pattern DOC_PATH = Pattern.compile("\\bdocs/([a-z0-9-]+\\.md)");
    private static final Pattern MD_LINK = Pattern.compile("\\]\\(([a-z0-9-]+\\.md)(?:#[^)]*)?\\)");

    @Test
    void theReadmeNamesEveryPackageCiInstallsAndTheLauncherAsksFor() {
        Set<String> packages = new TreeSet<>();
        collect(CI_PACKAGE, read(ROOT.resolve(".ci/run")), packages);
        Matcher asked = APT_INSTALL.matcher(read(ROOT.resolve("ovc")));
        while (asked.find()) {
            for (String name : asked.group(1).strip().split("\\s+")) {
                packages.add(name);
            }
        }
        assertTrue(packages.size() >= 5, "the scan found the packages: " + packages);
        String readme = read(ROOT.resolve("README.md")).toLowerCase(Locale.ROOT);
        Set<String> missing = new TreeSet<>(packages.stream().filter(p -> !readme.contains(p)).toList());
        assertEquals(Set.of(), missing, "packages CI installs or ./ovc asks for that the README does not name");
    }

    @Test
    void everyDocumentAPageNamesExists() {
        Set<String> missing = new TreeSet<>();
        for (Path page : pages()) {
            String text = read(page);
            Set<String> named = new TreeSet<>();
            collect(DOC_PATH, text, named);
            named.stream().filter(d -> !Files.exists(ROOT.resolve("docs").resolve(d)))
                    .forEach(d -> missing.add(ROOT.relativize(page) + " names docs/" + d));
            if (page.getParent().endsWith("docs")) {
                Set<String> linked = new TreeSet<>();
                collect(MD_LINK, text, linked);
                linked.stream().filter(d -> !Files.exists(page.resolveSibling(d)))
                        .forEach(d -> missing.add(ROOT.relativize(page) + " links " + d));
            }
        }
        assertEquals(Set.of(), missing);
    }

    private static Set<Path> pages() {
        Set<Path> pages = new TreeSet<>();
        pages.add(ROOT.resolve("README.md"));
        pages.add(ROOT.resolve("deploy/helm/open-vcluster-api/README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(pages.size() > 10, "the scan found the pages: " + pages);
        return pages;
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
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

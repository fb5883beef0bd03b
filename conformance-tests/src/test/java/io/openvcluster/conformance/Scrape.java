package io.openvcluster.conformance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/** One scrape of the facade's {@code /observe/metrics} (Prometheus' text format), fetched as Prometheus does. */
record Scrape(String text) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Scrape of(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/observe/metrics"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("/observe/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return new Scrape(response.body());
    }

    /** The value of the one series of {@code name} with these label pairs (it may have others); 0 when none. */
    double value(String name, String... labels) {
        double[] found = text.lines().filter(l -> l.startsWith(name + "{")).filter(l -> hasLabels(l, labels))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).toArray();
        if (found.length > 1) {
            throw new AssertionError("more than one series of " + name + " " + Arrays.toString(labels));
        }
        return found.length == 0 ? 0 : found[0];
    }

    /** How much the series grew since {@code before}. */
    double since(Scrape before, String name, String... labels) {
        return value(name, labels) - before.value(name, labels);
    }

    private static boolean hasLabels(String line, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!line.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                return false;
            }
        }
        return true;
    }
}

package io.openvcluster.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request sequence recorded from a real client, in the format of
 * {@code ansible-openstack.cloud-2.5-requests.txt}: one {@code METHOD PATH -> STATUS [compute X (+legacy hdr)]} line
 * per request, optionally followed by indented {@code req body: ...} and {@code resp Location: ...} lines.
 */
final class RecordedSequence {
    private static final Pattern REQUEST = Pattern.compile(
            "^(GET|HEAD|POST|PUT|PATCH|DELETE)\\s+(\\S+)\\s+->\\s+(\\d{3})\\s*(?:\\[compute (\\d+\\.\\d+)[^]]*])?\\s*$");
    private static final Pattern BODY = Pattern.compile("^\\s+req body: (.*)$");

    private RecordedSequence() {
    }

    /**
     * One recorded request.
     *
     * @param line         its line number in the recording, for messages
     * @param microversion the compute microversion the client sent (both headers), if any
     * @param body         the request body the client sent, if any
     */
    record Request(int line, String method, String path, int recordedStatus, Optional<String> microversion,
                   Optional<String> body) {
        Request withBody(String newBody) {
            return new Request(line, method, path, recordedStatus, microversion, Optional.of(newBody));
        }

        @Override
        public String toString() {
            return "#" + line + " " + method + " " + path;
        }
    }

    static List<Request> parse(String text) {
        List<Request> requests = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            Matcher request = REQUEST.matcher(line);
            Matcher body = BODY.matcher(line);
            if (request.matches()) {
                requests.add(new Request(i + 1, request.group(1), request.group(2), Integer.parseInt(request.group(3)),
                        Optional.ofNullable(request.group(4)), Optional.empty()));
            } else if (body.matches() && !requests.isEmpty()) {
                requests.add(requests.removeLast().withBody(body.group(1)));
            } else if (!line.isBlank() && !line.strip().startsWith("resp ")) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not a recorded request: " + line);
            }
        }
        return requests;
    }

    static List<Request> load(String resource) throws IOException {
        try (InputStream in = RecordedSequence.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}

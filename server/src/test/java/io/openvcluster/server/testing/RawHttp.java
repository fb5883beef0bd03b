package io.openvcluster.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, so that a fuzzer can send what no well-behaved client
 * would: raw paths, control characters, huge headers, bodies whose length lies. Responses are read to EOF; chunked
 * bodies are decoded.
 */
public final class RawHttp {
    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * One request as bytes: the request line, {@code Host} and {@code Connection: close}, {@code headers} (each line
     * ending in CRLF), then {@code Content-Length} and the body when there is one.
     */
    public static byte[] request(String method, String target, String headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n").append(headers);
        if (body.length > 0) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** {@link #request(String, String, String, byte[])} with a token and, when {@code body} is not empty, JSON. */
    public static byte[] json(String method, String target, String token, String body) {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        return request(method, target, (token.isEmpty() ? "" : "X-Auth-Token: " + token + "\r\n")
                + (payload.length > 0 ? "Content-Type: application/json\r\n" : ""), payload);
    }

    public Response send(byte[] request) throws IOException {
        boolean head = request.length >= 5 && new String(request, 0, 5, StandardCharsets.US_ASCII).equals("HEAD ");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException serverClosedEarly) {
                // the server may answer (413, 431) and close before reading everything: read what it said
            }
            return parse(readResponse(socket.getInputStream(), head));
        }
    }

    /** Reads one response: its head, then as many body bytes as it announces (to EOF when it announces none). */
    private static byte[] readResponse(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
                if (complete(all.toByteArray(), head)) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no end of response in time; received so far: "
                    + new String(all.toByteArray(), 0, Math.min(all.size(), 300), StandardCharsets.ISO_8859_1));
        } catch (java.net.SocketException e) {
            if (all.size() == 0) {
                throw e;
            }
        }
        return all.toByteArray();
    }

    private static boolean complete(byte[] raw, boolean head) {
        int headerEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (headerEnd < 0) {
            return false;
        }
        String headText = new String(raw, 0, headerEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int bodyBytes = raw.length - headerEnd - 4;
        String status = headText.split(" ", 3).length > 1 ? headText.split(" ", 3)[1] : "";
        if (head || status.equals("204") || status.equals("304")) {
            return true;
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("\r\ncontent-length:\\s*(\\d+)").matcher(headText);
        if (length.find()) {
            return bodyBytes >= Integer.parseInt(length.group(1));
        }
        if (headText.contains("\r\ntransfer-encoding: chunked")) {
            return new String(raw, headerEnd, raw.length - headerEnd, StandardCharsets.ISO_8859_1).endsWith("0\r\n\r\n");
        }
        return false;
    }

    static Response parse(byte[] raw) throws IOException {
        int headerEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (headerEnd < 0) {
            throw new IOException("no complete response head in " + raw.length + " bytes");
        }
        String[] lines = new String(raw, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, headerEnd + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            rest = dechunk(rest);
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            rest = java.util.Arrays.copyOf(rest, Math.min(length, rest.length));
        }
        return new Response(status, headers, rest);
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOf(body, "\r\n".getBytes(StandardCharsets.US_ASCII), at);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, Math.min(size, body.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        return indexOf(data, pattern, 0);
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

package io.openvcluster.bench;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 connection of one load-generator worker, on a blocking socket: writes a request whose
 * bytes were encoded beforehand and reads the whole response (status line, headers, and every byte of the body,
 * by {@code Content-Length} or chunked), into buffers it reuses. Each worker owns one, so no request waits on
 * another's I/O, and the connection allocates next to nothing per request: the load generator shares the cores
 * with the server it measures, and its own garbage collections would be counted in the server's tail.
 * An ordinary client otherwise: it reconnects when the server closes the connection, and a response it cannot
 * read whole is an error.
 */
final class Http1Connection implements Closeable {
    /** What a worker needs of a response. */
    record Response(int status, int bodyLength, long kubeNanos) {
    }

    private static final byte[] CONTENT_LENGTH = "content-length".getBytes();
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes();
    private static final byte[] CONNECTION = "connection".getBytes();
    private static final byte[] SERVER_TIMING = "server-timing".getBytes();
    private static final byte[] CHUNKED = "chunked".getBytes();
    private static final byte[] CLOSE = "close".getBytes();
    private static final byte[] KUBE_DUR = "kube;dur=".getBytes();

    private final InetSocketAddress address;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] line = new byte[8192];
    private int lineLength;
    private final byte[] discard = new byte[65536];

    Http1Connection(InetSocketAddress address) {
        this.address = address;
    }

    /** Sends one request and reads its whole response; on an I/O error the connection is closed (reopened next time). */
    Response exchange(byte[] request) throws IOException {
        try {
            if (socket == null) {
                open();
            }
            out.write(request);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5_000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 65536);
        out = socket.getOutputStream();
    }

    private Response readResponse() throws IOException {
        readLine();
        // "HTTP/1.1 200 OK"
        if (lineLength < 12 || line[8] != ' ') {
            throw new IOException("not an HTTP/1.1 status line");
        }
        int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        long contentLength = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        long kubeNanos = 0;
        while (readLine() > 0) {
            int colon = indexOf((byte) ':', 0);
            if (colon < 0) {
                throw new IOException("malformed header line");
            }
            int value = colon + 1;
            while (value < lineLength && line[value] == ' ') {
                value++;
            }
            if (nameIs(CONTENT_LENGTH, colon)) {
                contentLength = parseLong(value, lineLength);
            } else if (nameIs(TRANSFER_ENCODING, colon)) {
                chunked = contains(CHUNKED, value);
            } else if (nameIs(CONNECTION, colon)) {
                closeAfter = contains(CLOSE, value);
            } else if (nameIs(SERVER_TIMING, colon)) {
                kubeNanos = kubeNanos(value);
            }
        }
        int bodyLength;
        if (chunked) {
            bodyLength = readChunked();
        } else if (contentLength >= 0) {
            skipFully(contentLength);
            bodyLength = (int) contentLength;
        } else {
            throw new IOException("a response without Content-Length or chunked encoding");
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, bodyLength, kubeNanos);
    }

    private int readChunked() throws IOException {
        int total = 0;
        while (true) {
            readLine();
            int end = indexOf((byte) ';', 0);
            long size = parseHex(end < 0 ? lineLength : end);
            if (size == 0) {
                // trailers, up to the empty line
                while (readLine() > 0) {
                    // ignored
                }
                return total;
            }
            skipFully(size);
            total += (int) size;
            if (readLine() != 0) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    /** Reads one line without its CRLF into {@link #line}; returns its length. */
    private int readLine() throws IOException {
        lineLength = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the middle of a response");
            }
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return lineLength;
            }
            if (lineLength == line.length) {
                line = Arrays.copyOf(line, line.length * 2);
            }
            line[lineLength++] = (byte) b;
        }
    }

    private void skipFully(long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            int n = in.read(discard, 0, (int) Math.min(discard.length, left));
            if (n < 0) {
                throw new EOFException("body shorter than announced");
            }
            left -= n;
        }
    }

    private boolean nameIs(byte[] lowerName, int colon) {
        if (colon != lowerName.length) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            if ((line[i] | 0x20) != lowerName[i]) { // ASCII lower case; '-' is unchanged
                return false;
            }
        }
        return true;
    }

    private boolean contains(byte[] lowerWord, int from) {
        outer:
        for (int i = from; i + lowerWord.length <= lineLength; i++) {
            for (int j = 0; j < lowerWord.length; j++) {
                if ((line[i + j] | 0x20) != lowerWord[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private int indexOf(byte b, int from) {
        for (int i = from; i < lineLength; i++) {
            if (line[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private long parseLong(int from, int to) throws IOException {
        long v = 0;
        int i = from;
        for (; i < to && line[i] >= '0' && line[i] <= '9'; i++) {
            v = v * 10 + (line[i] - '0');
        }
        if (i == from) {
            throw new IOException("not a number in a header");
        }
        return v;
    }

    private long parseHex(int to) throws IOException {
        long v = 0;
        for (int i = 0; i < to; i++) {
            int d = Character.digit(line[i], 16);
            if (d < 0) {
                if (line[i] == ' ') {
                    break;
                }
                throw new IOException("bad chunk size");
            }
            v = v * 16 + d;
        }
        return v;
    }

    /** {@code kube;dur=<ms>} of a Server-Timing value, in nanoseconds, without making a string. */
    private long kubeNanos(int from) {
        int at = -1;
        outer:
        for (int i = from; i + KUBE_DUR.length <= lineLength; i++) {
            for (int j = 0; j < KUBE_DUR.length; j++) {
                if (line[i + j] != KUBE_DUR[j]) {
                    continue outer;
                }
            }
            at = i + KUBE_DUR.length;
            break;
        }
        if (at < 0) {
            return 0;
        }
        long whole = 0;
        long fraction = 0;
        long scale = 1_000_000;
        int i = at;
        for (; i < lineLength && line[i] >= '0' && line[i] <= '9'; i++) {
            whole = whole * 10 + (line[i] - '0');
        }
        if (i < lineLength && line[i] == '.') {
            for (i++; i < lineLength && line[i] >= '0' && line[i] <= '9'; i++) {
                if (scale > 1) {
                    scale /= 10;
                    fraction += (line[i] - '0') * scale;
                }
            }
        }
        return whole * 1_000_000 + fraction;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a broken connection: nothing left to do
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}

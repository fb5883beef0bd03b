package io.openvcluster.server.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The AWS SDK's {@code aws-chunked} request body (a streaming SigV4 upload): chunks of
 * {@code <hex size>;chunk-signature=<sig>\r\n<bytes>\r\n}, ended by a chunk of size 0 and optional trailers. The
 * signatures are not checked, as nothing else of the sandbox's signatures is.
 */
final class AwsChunked {
    private AwsChunked() {
    }

    static byte[] decode(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String line = line(in);
            int semicolon = line.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("aws-chunked body cut short");
            }
            out.write(chunk);
            line(in); // the CRLF after the chunk
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.write(c);
            }
        }
        if (c < 0 && line.size() == 0) {
            throw new EOFException("aws-chunked body cut short");
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}

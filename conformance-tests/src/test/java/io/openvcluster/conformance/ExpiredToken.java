package io.openvcluster.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An expired token the server would otherwise accept: the claims of a real token, re-signed (HS256) with the key
 * file the test gave the server, with an expiry one hour in the past. Only the expiry makes it invalid.
 */
final class ExpiredToken {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExpiredToken() {
    }

    static String from(String realToken, Path keyFile) throws IOException, GeneralSecurityException {
        return resigned(realToken, keyFile, Instant.now().minusSeconds(3600));
    }

    /** The same claims expiring at {@code expires}; a control for {@link #from}: a future expiry must be accepted. */
    static String resigned(String realToken, Path keyFile, Instant expires) throws IOException, GeneralSecurityException {
        String[] parts = realToken.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS: " + realToken);
        }
        ObjectNode claims = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        claims.put("iat", Math.min(Instant.now().getEpochSecond(), expires.getEpochSecond() - 3600));
        claims.put("exp", expires.getEpochSecond());
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = parts[0] + "." + b64.encodeToString(JSON.writeValueAsBytes(claims));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Files.readAllBytes(keyFile), "HmacSHA256"));
        return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }
}

package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * Public keys as Nova handles them, with the JDK only: OpenSSH public keys are checked for their structure and
 * get Nova's MD5 fingerprint; x509 certificates are parsed and get a SHA-1 fingerprint; generated keys are
 * 2048-bit RSA, as Nova generates them, with the private key in PEM (PKCS#1, "BEGIN RSA PRIVATE KEY").
 */
final class SshKeys {
    static final String SSH = "ssh";
    static final String X509 = "x509";
    private static final Set<String> SSH_TYPES = Set.of("ssh-rsa", "ssh-dss", "ssh-ed25519",
            "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
            "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com");
    private static final String INVALID = "Keypair data is invalid: failed to generate fingerprint";

    /** A generated key pair: the OpenSSH public key line, its fingerprint and the PEM private key. */
    record Generated(String publicKey, String fingerprint, String privateKeyPem) {
    }

    private SshKeys() {
    }

    /** The fingerprint of an imported key of the given type; 400 with Nova's message when it is not one. */
    static String fingerprint(String type, String publicKey) {
        return X509.equals(type) ? x509Fingerprint(publicKey) : sshFingerprint(publicKey);
    }

    static String sshFingerprint(String publicKey) {
        String[] parts = publicKey.strip().split("\\s+");
        if (parts.length < 2 || !SSH_TYPES.contains(parts[0])) {
            throw ApiException.badRequest(INVALID);
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(INVALID);
        }
        if (!parts[0].equals(firstString(blob))) {
            throw ApiException.badRequest(INVALID);
        }
        return colonHex(digest("MD5", blob));
    }

    private static String x509Fingerprint(String pem) {
        try {
            var cert = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return colonHex(digest("SHA-1", cert.getEncoded()));
        } catch (CertificateException e) {
            throw ApiException.badRequest(INVALID);
        }
    }

    static Generated generateRsa(String comment) {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is always available", e);
        }
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        byte[] blob = sshBlob("ssh-rsa", pub.getPublicExponent(), pub.getModulus());
        String line = "ssh-rsa " + Base64.getEncoder().encodeToString(blob) + " " + comment;
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pkcs1(pair.getPrivate().getEncoded()))
                + "\n-----END RSA PRIVATE KEY-----\n";
        return new Generated(line, colonHex(digest("MD5", blob)), pem);
    }

    /** The SSH wire encoding: the type as a string, then each number as an mpint. */
    private static byte[] sshBlob(String type, BigInteger... numbers) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] name = type.getBytes(StandardCharsets.US_ASCII);
            out.writeInt(name.length);
            out.write(name);
            for (BigInteger n : numbers) {
                byte[] mpint = n.toByteArray(); // two's complement, big-endian: exactly SSH's mpint
                out.writeInt(mpint.length);
                out.write(mpint);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String firstString(byte[] blob) {
        if (blob.length < 4) {
            return "";
        }
        int length = ByteBuffer.wrap(blob, 0, 4).getInt();
        if (length < 0 || length > blob.length - 4) {
            return "";
        }
        return new String(blob, 4, length, StandardCharsets.US_ASCII);
    }

    /**
     * The JDK encodes an RSA private key as PKCS#8: SEQUENCE { INTEGER version, SEQUENCE algorithm,
     * OCTET STRING { PKCS#1 RSAPrivateKey } }. The OCTET STRING's content is the PKCS#1 key.
     */
    static byte[] pkcs1(byte[] pkcs8) {
        int[] outer = der(pkcs8, 0);              // SEQUENCE: {content start, content length}
        int at = outer[0];
        at = skip(pkcs8, at);                     // INTEGER version
        at = skip(pkcs8, at);                     // SEQUENCE algorithm
        int[] octets = der(pkcs8, at);            // OCTET STRING
        return Arrays.copyOfRange(pkcs8, octets[0], octets[0] + octets[1]);
    }

    /** The content start and length of the DER element at {@code at}. */
    private static int[] der(byte[] d, int at) {
        int lengthByte = d[at + 1] & 0xff;
        if (lengthByte < 0x80) {
            return new int[] {at + 2, lengthByte};
        }
        int count = lengthByte & 0x7f;
        int length = 0;
        for (int i = 0; i < count; i++) {
            length = (length << 8) | (d[at + 2 + i] & 0xff);
        }
        return new int[] {at + 2 + count, length};
    }

    private static int skip(byte[] d, int at) {
        int[] element = der(d, at);
        return element[0] + element[1];
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is always available", e);
        }
    }

    private static String colonHex(byte[] bytes) {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}

package io.openvcluster.server.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A generated x509 key pair is what Nova generates: a client certificate for the user and its private key. */
class X509KeyPairsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aSelfSignedClientCertificateForTheUserWithItsKeyAndNovasFingerprint() throws Exception {
        SshKeys.Generated generated = X509KeyPairs.generate("user-alice", Clock.fixed(NOW, ZoneOffset.UTC));

        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(generated.publicKey().getBytes(StandardCharsets.US_ASCII)));
        assertEquals("CN=user-alice", certificate.getSubjectX500Principal().getName());
        assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal(), "self-signed");
        certificate.verify(certificate.getPublicKey());
        assertEquals(NOW, certificate.getNotBefore().toInstant());
        assertEquals(NOW.plus(Duration.ofDays(3650)), certificate.getNotAfter().toInstant());
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), certificate.getExtendedKeyUsage(), "clientAuth");

        String hex = HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-1")
                .digest(certificate.getEncoded()));
        assertEquals(hex, generated.fingerprint(), "the SHA-1 of the certificate, as Nova's");

        // the private key is the certificate's
        assertTrue(generated.privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----\n"));
        byte[] der = Base64.getMimeDecoder().decode(generated.privateKeyPem()
                .replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
        var privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signature));
    }
}

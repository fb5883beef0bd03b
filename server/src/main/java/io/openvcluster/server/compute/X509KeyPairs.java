package io.openvcluster.server.compute;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Nova's generated x509 key pair (type {@code x509} without a public key, microversions 2.2 to 2.91): a self-signed
 * client certificate for the user (subject {@code CN=<user id>}, extended key usage clientAuth, valid ten years),
 * and its RSA private key, returned once. As in Nova, the certificate is the key pair's public key and its SHA-1 the
 * fingerprint. The JDK has no public API to make a certificate; BouncyCastle's does, and it is on the class path
 * already (fabric8's mock API server, the sandbox, needs it), so it adds nothing to the image.
 */
final class X509KeyPairs {
    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final SecureRandom RANDOM = new SecureRandom();

    private X509KeyPairs() {
    }

    static SshKeys.Generated generate(String userId, Clock clock) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            var subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, userId).build();
            Instant now = clock.instant();
            var certificate = new JcaX509v3CertificateBuilder(subject, new BigInteger(63, RANDOM).add(BigInteger.ONE),
                    Date.from(now), Date.from(now.plus(VALIDITY)), subject, pair.getPublic())
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
            String certificatePem = pem("CERTIFICATE", certificate.getEncoded());
            return new SshKeys.Generated(certificatePem, SshKeys.fingerprint(SshKeys.X509, certificatePem),
                    pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("RSA and SHA256withRSA are always available", e);
        } catch (IOException e) {
            throw new IllegalStateException("encoding a certificate made in memory", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

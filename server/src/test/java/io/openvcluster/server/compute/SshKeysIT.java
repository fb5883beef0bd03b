package io.openvcluster.server.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openvcluster.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshKeysIT {
    /** The public key of Nova's 2.92 import sample, with the fingerprint Nova computed for it. */
    private static final String NOVA_SAMPLE = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/6lHBQ"
            + "dW5aYd44bd8JttDCE/F/pNRr0lRE+PiqSPO8nDPHw0010JeMH9gYgnnFlyY3/OcJ02RhIPyyxYpv9FhY+2YiUkpwFOcLImyrxEsYXpD/"
            + "0d3ac30bNH6Sw9JD9UZHYcpSxsIbECHw== Generated-by-Nova";

    @Test
    void fingerprintIsNovasMd5OfTheKeyBlob() {
        assertEquals("1e:2c:9b:56:79:4b:45:77:f9:ca:7a:98:2c:b0:d5:3c", SshKeys.fingerprint("ssh", NOVA_SAMPLE));
    }

    @Test
    void malformedKeysAreRefusedWithNovasMessage() {
        for (String bad : new String[] {"", "ssh-rsa", "not-a-type AAAA", "ssh-rsa !!!notbase64",
                // a valid blob announced as another type
                "ssh-ed25519 " + NOVA_SAMPLE.split(" ")[1]}) {
            ApiException e = assertThrows(ApiException.class, () -> SshKeys.fingerprint("ssh", bad), bad);
            assertEquals(400, e.status());
            assertEquals("Keypair data is invalid: failed to generate fingerprint", e.getMessage());
        }
        assertEquals(400, assertThrows(ApiException.class, () -> SshKeys.fingerprint("x509", NOVA_SAMPLE)).status());
    }

    @Test
    void generatedKeyIsRsaWithAPkcs1PemPrivateKey() {
        SshKeys.Generated key = SshKeys.generateRsa("Generated-by-Nova");
        assertTrue(key.publicKey().startsWith("ssh-rsa AAAAB3NzaC1yc2E"), key.publicKey());
        assertTrue(key.privateKeyPem().startsWith("-----BEGIN RSA PRIVATE KEY-----\n"));
        assertTrue(key.privateKeyPem().endsWith("-----END RSA PRIVATE KEY-----\n"));
        assertEquals(key.fingerprint(), SshKeys.fingerprint("ssh", key.publicKey()));
    }

    /** OpenSSH itself derives the same public key from the private key the facade returns. */
    @Test
    void sshKeygenReadsTheGeneratedPrivateKey(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen is not installed");
        SshKeys.Generated key = SshKeys.generateRsa("test");
        Path file = dir.resolve("id_rsa");
        Files.writeString(file, key.privateKeyPem());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Process p = new ProcessBuilder("/usr/bin/ssh-keygen", "-y", "-f", file.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String[] expected = key.publicKey().split(" ");
        assertEquals(expected[0] + " " + expected[1], String.join(" ", java.util.Arrays.copyOf(out.split(" "), 2)));
    }
}

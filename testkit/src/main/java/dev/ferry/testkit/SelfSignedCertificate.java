package dev.ferry.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;

/**
 * A new RSA key and a certificate for the host name {@code localhost} (not {@code 127.0.0.1})
 * signed by that key, as the PEM files servers and clients read ({@code server.crt}, {@code
 * server.key}, {@code sslrootcert}). Made with the JDK's own {@code keytool}, so tests need no
 * openssl and no extra library; a new pair per call, so two calls give certificates that do not
 * trust each other.
 *
 * @param certificate the certificate, PEM
 * @param key its private key, unencrypted PKCS#8 PEM, readable by its owner only
 */
public record SelfSignedCertificate(Path certificate, Path key) {

  private static final String STORE_PASSWORD = "ferry-test-store";

  /** Writes {@code dir/name.crt} and {@code dir/name.key}. */
  public static SelfSignedCertificate create(Path dir, String name) {
    Path store = dir.resolve(name + ".p12");
    try {
      Files.deleteIfExists(store);
      Process keytool =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                  "-genkeypair",
                  "-alias",
                  name,
                  "-keyalg",
                  "RSA",
                  "-keysize",
                  "2048",
                  "-validity",
                  "7",
                  "-dname",
                  "CN=localhost",
                  "-ext",
                  "SAN=dns:localhost",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  store.toString(),
                  "-storepass",
                  STORE_PASSWORD)
              .redirectErrorStream(true)
              .start();
      String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (keytool.waitFor() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, STORE_PASSWORD.toCharArray());
      }
      Path certificate =
          Files.writeString(
              dir.resolve(name + ".crt"),
              pem("CERTIFICATE", keys.getCertificate(name).getEncoded()));
      Path key = dir.resolve(name + ".key");
      Files.deleteIfExists(key);
      Files.createFile(
          key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          key, pem("PRIVATE KEY", keys.getKey(name, STORE_PASSWORD.toCharArray()).getEncoded()));
      return new SelfSignedCertificate(certificate, key);
    } catch (IOException e) {
      throw new UncheckedIOException("could not make a certificate in " + dir, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not read the certificate keytool made", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}

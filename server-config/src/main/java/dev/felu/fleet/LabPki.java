package dev.felu.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A certificate authority and certificates for a lab, made with the JDK's {@code keytool}: enough
 * for the config links to run over TLS with client certificates (mTLS) on one machine or a small
 * private network. Not a production PKI: one password protects every store, and the CA key lies
 * beside the certificates.
 *
 * <p>In the folder, all PKCS12 (created once; run again with more names to add nameservers):
 *
 * <ul>
 *   <li>{@code ca.p12} — the CA's key pair; {@code ca.crt} — its certificate (PEM);
 *   <li>{@code truststore.p12} — the CA certificate only: what both sides trust;
 *   <li>{@code <name>.p12} — each nameserver's server key and certificate (alias = its name;
 *       subject alternative names IP:127.0.0.1, DNS:localhost, DNS:&lt;name&gt; and any extra
 *       {@code --san}), signed by the CA;
 *   <li>{@code mgmt-client.p12} — the management server's client certificate (alias {@code
 *       mgmt-client});
 *   <li>{@code password} — the stores' password (random, mode 600).
 * </ul>
 *
 * The password reaches keytool through its environment, never its command line.
 */
public final class LabPki {
  public static final String CLIENT = "mgmt-client";
  private static final String PASSWORD_ENV = "FELU_LAB_PKI_PASSWORD";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final List<String> extraSans;
  private String password;

  public LabPki(Path dir, List<String> extraSans) {
    this.dir = dir.toAbsolutePath();
    this.extraSans = List.copyOf(extraSans);
  }

  public LabPki(Path dir) {
    this(dir, List.of());
  }

  public Path dir() {
    return dir;
  }

  public Path truststore() {
    return dir.resolve("truststore.p12");
  }

  public Path serverKeystore(String name) {
    return dir.resolve(name + ".p12");
  }

  public Path clientKeystore() {
    return dir.resolve(CLIENT + ".p12");
  }

  /** The stores' password, made on first use. */
  public synchronized String password() throws IOException {
    if (password == null) {
      Path file = dir.resolve("password");
      if (!Files.exists(file)) {
        Files.createDirectories(dir);
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(b) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
      password = Files.readString(file, StandardCharsets.UTF_8).trim();
    }
    return password;
  }

  /** Makes whatever is missing: the CA, the truststore, the client and the servers' stores. */
  public synchronized LabPki ensure(List<String> nameservers) throws Exception {
    Files.createDirectories(dir);
    password();
    Path ca = dir.resolve("ca.p12");
    if (!Files.exists(ca)) {
      keytool(
          "-genkeypair",
          "-alias",
          "ca",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-dname",
          "CN=felu lab CA",
          "-ext",
          "bc:c",
          "-ext",
          "KU=keyCertSign,cRLSign",
          "-validity",
          "3650",
          "-keystore",
          ca.toString());
      keytool(
          "-exportcert",
          "-rfc",
          "-alias",
          "ca",
          "-keystore",
          ca.toString(),
          "-file",
          dir.resolve("ca.crt").toString());
    }
    if (!Files.exists(truststore())) {
      importCa(truststore());
    }
    if (!Files.exists(clientKeystore())) {
      issue(CLIENT, clientKeystore(), "clientAuth", null);
    }
    for (String ns : nameservers) {
      if (!Files.exists(serverKeystore(ns))) {
        List<String> sans = new ArrayList<>(List.of("IP:127.0.0.1", "DNS:localhost", "DNS:" + ns));
        sans.addAll(extraSans);
        issue(ns, serverKeystore(ns), "serverAuth", String.join(",", sans));
      }
    }
    return this;
  }

  private void issue(String alias, Path store, String usage, String sans) throws Exception {
    Path csr = dir.resolve(alias + ".csr");
    Path crt = dir.resolve(alias + ".crt");
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + alias + ", O=felu lab",
        "-validity",
        "825",
        "-keystore",
        store.toString());
    keytool("-certreq", "-alias", alias, "-keystore", store.toString(), "-file", csr.toString());
    List<String> gencert =
        new ArrayList<>(
            List.of(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                dir.resolve("ca.p12").toString(),
                "-infile",
                csr.toString(),
                "-outfile",
                crt.toString(),
                "-rfc",
                "-validity",
                "825",
                "-ext",
                "EKU=" + usage,
                "-ext",
                "KU=digitalSignature"));
    if (sans != null) {
      gencert.addAll(List.of("-ext", "SAN=" + sans));
    }
    keytool(gencert.toArray(String[]::new));
    // the chain: the CA first (trusted entry), then the signed certificate replaces the
    // self-signed one under the key's alias
    importCa(store);
    keytool("-importcert", "-alias", alias, "-file", crt.toString(), "-keystore", store.toString());
    Files.deleteIfExists(csr);
  }

  /** Adds the lab CA's certificate to {@code store} as a trusted entry. */
  private void importCa(Path store) throws Exception {
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "felu-lab-ca",
        "-file",
        dir.resolve("ca.crt").toString(),
        "-keystore",
        store.toString());
  }

  private void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-storetype", "PKCS12", "-storepass:env", PASSWORD_ENV));
    if (args[0].equals("-genkeypair")) {
      cmd.addAll(List.of("-keypass:env", PASSWORD_ENV));
    }
    Path log = dir.resolve("keytool.log");
    Processes.run(cmd, log, Map.of(PASSWORD_ENV, password()), 120);
  }

  /**
   * {@code felu-lab-pki <dir> [--san IP:10.8.0.1 …] <nameserver names…>}: makes what is missing and
   * prints where everything is.
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: felu-lab-pki <dir> [--san IP:10.8.0.1] [ns1 ns2 …]");
      System.exit(2);
    }
    List<String> names = new ArrayList<>();
    List<String> sans = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--san") && i + 1 < args.length) {
        sans.add(args[++i]);
      } else {
        names.add(args[i]);
      }
    }
    LabPki pki = new LabPki(Path.of(args[0]), sans).ensure(names);
    System.out.println(
        "lab PKI in " + pki.dir() + " (password in " + pki.dir().resolve("password") + ")");
    System.out.println("  CA certificate      " + pki.dir().resolve("ca.crt"));
    System.out.println("  truststore (both)   " + pki.truststore());
    System.out.println("  management client   " + pki.clientKeystore() + " (alias " + CLIENT + ")");
    for (String n : names) {
      System.out.println(
          "  "
              + n
              + " server"
              + " ".repeat(Math.max(1, 13 - n.length()))
              + pki.serverKeystore(n)
              + " (alias "
              + n
              + ")");
    }
  }
}

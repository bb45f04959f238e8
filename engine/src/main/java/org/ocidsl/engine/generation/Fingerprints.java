package org.ocidsl.engine.generation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.StateLayout;
import org.ocidsl.engine.Temporaries;
import org.ocidsl.engine.shepherd.ShepherdService;

/**
 * What a service runs beyond its launchers, as digests that a reconfiguration compares: those
 * its definition gives ({@link ShepherdService#inputs()}), the content of each host file it
 * bind-mounts ({@code file PATH}: {@code sha256:HEX}, {@code directory} or {@code missing}) and
 * each value of its secret environment ({@code secret VAR}: an HMAC-SHA256 keyed by {@code
 * STATE/fingerprint.key}, 0600, so that a digest says whether a secret changed and nothing about
 * the secret to whoever lacks the key).
 */
public final class Fingerprints {
  private final byte[] key;

  private Fingerprints(byte[] key) {
    this.key = key;
  }

  /** The fingerprints of {@code stateDir}'s systems: its key, made on first use. */
  public static Fingerprints of(Path stateDir) throws IOException {
    StateLayout layout = StateLayout.of(stateDir);
    layout.ensure();
    Path file = layout.fingerprintKey();
    if (!Files.exists(file)) {
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      Path tmp = Temporaries.newFile(stateDir, ".key-", "");
      try {
        Files.write(tmp, fresh);
        // A link fails if another process made the key first: its key is the one.
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException raced) {
        // Read theirs below.
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    return new Fingerprints(Files.readAllBytes(file));
  }

  /** The digests of what {@code service} runs beyond its launchers, by name, sorted. */
  public Map<String, String> of(ShepherdService service) {
    Map<String, String> inputs = new TreeMap<>(service.inputs());
    for (String file : service.inputFiles()) {
      try {
        inputs.put("file " + file, fileDigest(Path.of(file)));
      } catch (IOException e) {
        throw new OcidslException(service.location(),
            "cannot read " + file + ", which service '" + service.name() + "' mounts: " + e.getMessage());
      }
    }
    service.secretEnvironment().forEach((name, value) -> inputs.put("secret " + name, secretDigest(service.name(), name, value)));
    return inputs;
  }

  private String secretDigest(String service, String variable, String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((service + "\0" + variable + "\0").getBytes(StandardCharsets.UTF_8));
      return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }

  /** {@code sha256:HEX} of a regular file's bytes, {@code directory} or {@code missing}. */
  static String fileDigest(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      return "directory";
    }
    if (!Files.isRegularFile(file)) {
      return "missing";
    }
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
      return "sha256:" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

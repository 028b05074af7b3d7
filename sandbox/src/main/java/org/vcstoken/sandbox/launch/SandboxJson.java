package org.vcstoken.sandbox.launch;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vcstoken.sandbox.store.Store;

/**
 * {@code DIR/sandbox.json}, where scripts and the demo find a running sandbox: {@code url},
 * {@code admin_token}, {@code realm} and {@code flavor} for every flavor, then what the flavor
 * adds, in the order it gives them.
 */
public record SandboxJson(URI url, String adminToken, String realm, String flavor) {
  /** {@code DIR/sandbox.json}'s name. */
  public static final String FILE = "sandbox.json";

  /** A backend's entry: {@code on}, or {@code off: <reason>} given why it is off (null = on). */
  public static String backendState(String unavailableReason) {
    return unavailableReason == null ? "on" : "off: " + unavailableReason;
  }

  /** Writes the file atomically (a reader never sees half of it); {@code details} keep their order. */
  public void write(Path dataDir, Map<String, Object> details) throws IOException {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("url", url.toString());
    info.put("admin_token", adminToken);
    info.put("realm", realm);
    info.put("flavor", flavor);
    info.putAll(details);
    Store.writeAtomically(dataDir.resolve(FILE),
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
  }
}

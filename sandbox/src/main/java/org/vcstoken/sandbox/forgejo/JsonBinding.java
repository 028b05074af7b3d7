package org.vcstoken.sandbox.forgejo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the API's {@code bind(...)} does with a body (gitea.com/go-chi/binding, descended from
 * go-macaron/binding): pick the decoder by Content-Type, decode JSON with encoding/json — keys
 * matched case-insensitively, unknown keys ignored, {@code null} leaving the zero value — then
 * check {@code binding:"Required"}. The first error becomes a 422 "{@code [Field]: text}".
 */
final class JsonBinding {
  static final int MAX_BODY = 1 << 20;

  /** Decoded top-level object with case-insensitive keys, or the first binding error. */
  record Bound(Map<String, JsonNode> fields, String error) {
    boolean failed() {
      return error != null;
    }

    JsonNode get(String name) {
      JsonNode n = fields.get(name.toLowerCase(Locale.ROOT));
      return n == null || n.isNull() ? null : n;
    }

    /** A string field: absent or null is "", anything else a decode error noted by {@link #check}. */
    String string(String name) {
      JsonNode n = get(name);
      return n != null && n.isTextual() ? n.asText() : "";
    }

    boolean bool(String name) {
      JsonNode n = get(name);
      return n != null && n.isBoolean() && n.asBoolean();
    }

    /** A *bool field: null when absent or null. */
    Boolean optionalBool(String name) {
      JsonNode n = get(name);
      return n != null && n.isBoolean() ? n.asBoolean() : null;
    }

    /** A []string field: null when absent or null. */
    List<String> strings(String name) {
      JsonNode n = get(name);
      if (n == null || !n.isArray()) {
        return null;
      }
      List<String> out = new ArrayList<>();
      n.forEach(e -> out.add(e.isTextual() ? e.asText() : ""));
      return out;
    }
  }

  /** Field kinds the sandbox's option structs use. */
  enum Kind { STRING, BOOL, STRINGS, OBJECTS }

  private JsonBinding() {}

  /**
   * @param struct the Go struct name, for decode messages ("CreateAccessTokenOption")
   * @param kinds each JSON field name (lower case) and its kind
   * @param required Go field names with {@code binding:"Required"}, mapped to their JSON names
   */
  static Bound bind(HttpServletRequest req, String struct, Map<String, Kind> kinds, Map<String, String> required)
      throws IOException {
    String contentType = req.getContentType() == null ? "" : req.getContentType();
    Map<String, JsonNode> fields = new HashMap<>();
    List<String> errors = new ArrayList<>();
    if (contentType.contains("form-urlencoded") || contentType.contains("multipart/form-data")) {
      // The option structs carry no form tags, so a form binds nothing.
    } else if (contentType.contains("json")) {
      byte[] body = readBody(req);
      if (body == null) {
        errors.add("[]: http: request body too large");
      } else if (body.length > 0 && !new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
        decode(body, struct, kinds, fields, errors);
      }
    } else if (contentType.isEmpty()) {
      errors.add("[]: Empty Content-Type");
    } else {
      errors.add("[]: Unsupported Content-Type");
    }
    if (errors.isEmpty() || !errors.get(0).startsWith("[]: Unsupported") && !errors.get(0).startsWith("[]: Empty")) {
      for (Map.Entry<String, String> r : required.entrySet()) {
        JsonNode n = fields.get(r.getValue());
        boolean zero = n == null || n.isNull() || (n.isTextual() && n.asText().isEmpty())
            || (n.isBoolean() && !n.asBoolean()) || (n.isArray() && n.isEmpty());
        if (zero) {
          errors.add("[" + r.getKey() + "]: Required");
        }
      }
    }
    return new Bound(fields, errors.isEmpty() ? null : errors.get(0));
  }

  private static void decode(byte[] body, String struct, Map<String, Kind> kinds, Map<String, JsonNode> fields,
      List<String> errors) {
    JsonNode root;
    try {
      root = Replies.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      errors.add("[]: " + e.getOriginalMessage());
      return;
    } catch (IOException e) {
      errors.add("[]: " + e.getMessage());
      return;
    }
    if (root == null || root.isNull()) {
      return;
    }
    if (!root.isObject()) {
      errors.add("[]: json: cannot unmarshal " + goKind(root) + " into Go value of type structs." + struct);
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey().toLowerCase(Locale.ROOT);
      Kind kind = kinds.get(key);
      if (kind == null) {
        continue;
      }
      JsonNode v = e.getValue();
      if (!v.isNull() && !fits(kind, v)) {
        errors.add("[]: json: cannot unmarshal " + goKind(v) + " into Go struct field " + struct + "." + key
            + " of type " + goType(kind));
        continue;
      }
      fields.put(key, v);
    }
  }

  private static boolean fits(Kind kind, JsonNode v) {
    return switch (kind) {
      case STRING -> v.isTextual();
      case BOOL -> v.isBoolean();
      case STRINGS -> v.isArray() && allMatch(v, n -> n.isTextual() || n.isNull());
      case OBJECTS -> v.isArray() && allMatch(v, n -> n.isObject() || n.isNull());
    };
  }

  private static boolean allMatch(JsonNode array, java.util.function.Predicate<JsonNode> p) {
    for (JsonNode n : array) {
      if (!p.test(n)) {
        return false;
      }
    }
    return true;
  }

  private static String goKind(JsonNode v) {
    if (v.isTextual()) {
      return "string";
    }
    if (v.isNumber()) {
      return "number";
    }
    if (v.isBoolean()) {
      return "bool";
    }
    if (v.isArray()) {
      return "array";
    }
    return "object";
  }

  private static String goType(Kind k) {
    return switch (k) {
      case STRING -> "string";
      case BOOL -> "bool";
      case STRINGS -> "[]string";
      case OBJECTS -> "[]*structs.RepoTargetOption";
    };
  }

  /** The body, or null when it is larger than {@link #MAX_BODY}. */
  static byte[] readBody(HttpServletRequest req) throws IOException {
    try (InputStream in = req.getInputStream()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      return b.length > MAX_BODY ? null : b;
    }
  }
}

package org.vcstoken.sandbox.gitlab;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Declared parameters, checked the way Grape checks them: every problem is collected and the
 * call answers 400 {@code {"error": "name is missing, scopes does not have a valid value"}}.
 * Parameters the endpoint does not declare (for the imitated release) are ignored, as in Grape.
 */
final class Params {
  private final Map<String, Object> raw;
  private final List<String> errors = new ArrayList<>();

  Params(Map<String, Object> raw) {
    this.raw = raw;
  }

  boolean present(String name) {
    Object v = raw.get(name);
    return v != null && !(v instanceof String s && s.isEmpty());
  }

  String requiredString(String name) {
    if (!raw.containsKey(name) || raw.get(name) == null) {
      errors.add(name + " is missing");
      return null;
    }
    return optionalString(name);
  }

  String optionalString(String name) {
    Object v = raw.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
      return String.valueOf(v);
    }
    errors.add(name + " is invalid");
    return null;
  }

  /** {@code type: Date}: {@code YYYY-MM-DD} (a full timestamp's date part is accepted too). */
  LocalDate optionalDate(String name) {
    String s = optionalString(name);
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(s).toLocalDate();
      } catch (DateTimeParseException e2) {
        errors.add(name + " is invalid");
        return null;
      }
    }
  }

  Integer optionalInt(String name, Collection<Integer> allowed) {
    Object v = raw.get(name);
    if (v == null || (v instanceof String s && s.isEmpty())) {
      return null;
    }
    int n;
    try {
      n = v instanceof Number num ? num.intValue() : Integer.parseInt(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      errors.add(name + " is invalid");
      return null;
    }
    if (allowed != null && !allowed.contains(n)) {
      errors.add(name + " does not have a valid value");
      return null;
    }
    return n;
  }

  Integer requiredInt(String name, Collection<Integer> allowed) {
    if (!present(name)) {
      errors.add(name + " is missing");
      return null;
    }
    return optionalInt(name, allowed);
  }

  Boolean optionalBool(String name) {
    Object v = raw.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = String.valueOf(v).toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("1")) {
      return true;
    }
    if (s.equals("false") || s.equals("0")) {
      return false;
    }
    errors.add(name + " is invalid");
    return null;
  }

  String optionalValue(String name, Collection<String> allowed) {
    String s = optionalString(name);
    if (s != null && !allowed.contains(s)) {
      errors.add(name + " does not have a valid value");
      return null;
    }
    return s;
  }

  /**
   * {@code type: Array[String]}: a JSON array, repeated {@code name[]=} fields, or (with
   * {@code commaSeparated}, GitLab's {@code CommaSeparatedToArray}) {@code a,b}.
   */
  List<String> stringArray(String name, boolean required, boolean commaSeparated, Collection<String> allowed) {
    Object v = raw.get(name);
    if (v == null) {
      if (required) {
        errors.add(name + " is missing");
      }
      return null;
    }
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (Object o : l) {
        if (!(o instanceof String s)) {
          errors.add(name + " is invalid");
          return null;
        }
        out.add(s);
      }
    } else if (v instanceof String s) {
      if (commaSeparated) {
        for (String part : s.split(",")) {
          if (!part.isBlank()) {
            out.add(part.trim());
          }
        }
      } else {
        out.add(s);
      }
    } else {
      errors.add(name + " is invalid");
      return null;
    }
    if (allowed != null && !allowed.containsAll(out)) {
      errors.add(name + " does not have a valid value");
      return null;
    }
    return out;
  }

  void addError(String message) {
    errors.add(message);
  }

  /** Throws the 400 when anything was wrong. */
  void done() {
    if (!errors.isEmpty()) {
      throw ApiError.error(400, String.join(", ", errors));
    }
  }
}

package org.ocidsl.stdlib;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.ocidsl.engine.FileLike;
import org.ocidsl.engine.Values;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.config.ConfigurationType;
import org.ocidsl.engine.config.Sanitizer;

/**
 * The sanitizers of the OCI records, after the seed's {@code oci-sanitize-*} procedures: mixed
 * lists of strings and pairs, lists of records, and lists of strings only.
 */
public final class Sanitizers {
  private Sanitizers() {}

  /**
   * A list whose members are strings, kept, or pairs ({@link Map.Entry}), joined with {@code
   * delimiter}: {@code ["8080:80", "10443" → "443"]} gives {@code ["8080:80", "10443:443"]}.
   */
  public static Sanitizer<List<String>> mixedList(String name, String delimiter) {
    return value -> {
      List<String> result = new ArrayList<>();
      for (Object member : asList(name, value)) {
        if (member instanceof String s) {
          result.add(s);
        } else if (member instanceof Map.Entry<?, ?> pair) {
          if (!(pair.getKey() instanceof String key) || !(pair.getValue() instanceof String val)) {
            throw new IllegalArgumentException(
                "pair members must contain only strings but " + Values.displayed(pair) + " was found");
          }
          result.add(key + delimiter + val);
        } else {
          throw new IllegalArgumentException(
              name + " members must be either a string or a pair but " + Values.displayed(member) + " was found");
        }
      }
      return List.copyOf(result);
    };
  }

  /**
   * Variables set where the runtime CLI runs: a mixed list of NAME=VALUE strings and pairs. A
   * member without a name is refused without being shown: its text may well be a secret.
   */
  public static Sanitizer<List<String>> hostEnvironment() {
    Sanitizer<List<String>> members = mixedList("host-environment", "=");
    return value -> {
      List<String> list = members.sanitize(value);
      for (String member : list) {
        if (member.indexOf('=') <= 0) {
          throw new IllegalArgumentException(
              "host-environment members must be NAME=VALUE, but one has no NAME= part (its value is not shown)");
        }
      }
      return list;
    };
  }

  /** A list of strings, as {@code oci-sanitize-extra-arguments} checks it. */
  public static Sanitizer<List<String>> extraArguments() {
    return value -> {
      List<String> result = new ArrayList<>();
      for (Object member : asList("extra arguments", value)) {
        if (!(member instanceof String argument)) {
          throw new IllegalArgumentException(
              "extra arguments may only be strings but " + Values.displayed(member) + " was found");
        }
        result.add(argument);
      }
      return List.copyOf(result);
    };
  }

  /** A list of records of {@code type}; else the seed's illegal-value error. */
  public static Sanitizer<List<Configuration>> listOfRecords(String name, ConfigurationType type) {
    return value -> {
      List<Configuration> result = new ArrayList<>();
      for (Object member : asList(name, value)) {
        if (!(member instanceof Configuration record && record.type() == type)) {
          throw new IllegalArgumentException(
              name + " contains an illegal value: " + Values.displayed(member));
        }
        result.add(record);
      }
      return List.copyOf(result);
    };
  }

  /**
   * A list whose every member is a {@code member} that satisfies {@code predicate}; else {@code
   * what} names what it may hold.
   */
  public static <T> Sanitizer<List<T>> listOf(
      String name, Class<T> member, Predicate<? super T> predicate, String what) {
    return value -> {
      List<T> result = new ArrayList<>();
      for (Object m : asList(name, value)) {
        if (!member.isInstance(m) || !predicate.test(member.cast(m))) {
          throw new IllegalArgumentException(
              name + " may only be " + what + " but " + Values.displayed(m) + " was found");
        }
        result.add(member.cast(m));
      }
      return List.copyOf(result);
    };
  }

  /** Endings that make a one-word string read as a file name rather than a file's content. */
  private static final List<String> FILE_SUFFIXES =
      List.of(".conf", ".json", ".toml", ".yaml", ".yml", ".ini", ".cfg", ".txt");

  /**
   * Whether {@code text} reads as the path of a file, not as its content: one line that starts
   * with {@code /}, {@code ./}, {@code ../} or {@code ~/}, or one word that ends like a file
   * name ({@code registries.conf}, {@code daemon.json}, …).
   */
  public static boolean looksLikePath(String text) {
    if (text.isEmpty() || text.contains("\n")) {
      return false;
    }
    if (text.startsWith("/") || text.startsWith("./") || text.startsWith("../") || text.startsWith("~/")) {
      return true;
    }
    return text.chars().noneMatch(Character::isWhitespace) && FILE_SUFFIXES.stream().anyMatch(text::endsWith);
  }

  /**
   * A file-like field, Guix's {@code plainFile(NAME, CONTENT)} or {@code localFile(PATH)}. A
   * string that reads as a path is refused, pointing at {@code localFile}. Any other string is
   * the file's content, named {@code name}, when {@code content} is true (the seed's field takes
   * a string too); otherwise it is refused, as the seed's {@code file-like} type refuses it.
   */
  public static Sanitizer<FileLike> fileLike(String field, String name, boolean content) {
    return value -> {
      if (value instanceof FileLike file) {
        return file;
      }
      if (value instanceof String text) {
        if (looksLikePath(text)) {
          throw new IllegalArgumentException(field + ": " + Values.written(text) + " looks like a path, not a file's"
              + " content: write localFile(" + Values.written(text) + ") to use that file");
        }
        if (content) {
          return FileLike.plain(name, text);
        }
      }
      String given = value instanceof String ? "a string" : Values.written(value);
      throw new IllegalArgumentException(field + " takes plainFile(" + Values.written(name) + ", CONTENT)"
          + (content ? ", localFile(PATH) or the file's content as a string" : " or localFile(PATH)") + ", not " + given);
    };
  }

  /** A list of strings with at least one and no empty one, as a command is: {@code what} names it in the error. */
  public static Sanitizer<List<String>> nonEmptyStrings(String what) {
    Sanitizer<List<String>> strings = listOf(what, String.class, m -> true, "strings");
    return value -> {
      List<String> list = strings.sanitize(value);
      if (list.isEmpty() || list.contains("")) {
        throw new IllegalArgumentException(what + " must not be empty" + (list.isEmpty() ? "" : ", nor any of its words"));
      }
      return list;
    };
  }

  /** A number of seconds, positive (or zero, when {@code zero}); whole or not. */
  public static Sanitizer<Number> seconds(String what, boolean zero) {
    return value -> {
      if (!(value instanceof Number n) || value instanceof Double d && (d.isNaN() || d.isInfinite())) {
        throw new IllegalArgumentException(what + " must be a number of seconds, not " + Values.displayed(value));
      }
      int sign = new java.math.BigDecimal(n.toString()).signum();
      if (sign < 0 || sign == 0 && !zero) {
        throw new IllegalArgumentException(
            what + " must be " + (zero ? "zero or more" : "more than zero") + " seconds, not " + Values.displayed(value));
      }
      return n;
    };
  }

  /** A whole number of at least one. */
  public static Sanitizer<Number> atLeastOne(String what) {
    return wholeAtLeast(what, 1);
  }

  /** A whole number of at least zero. */
  public static Sanitizer<Number> atLeastZero(String what) {
    return wholeAtLeast(what, 0);
  }

  private static Sanitizer<Number> wholeAtLeast(String what, long least) {
    return value -> {
      if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < least) {
        throw new IllegalArgumentException(
            what + " must be a whole number of at least " + least + ", not " + Values.displayed(value));
      }
      return (Number) value;
    };
  }

  /** The Linux signals a container may be asked to end with, by name. */
  private static final List<String> SIGNALS = List.of(
      "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
      "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
      "WINCH", "IO", "PWR", "SYS");

  /** A signal name, {@code SIGINT} or {@code INT}, given as {@code SIGINT}. */
  public static Sanitizer<String> signalName() {
    return value -> {
      if (value instanceof String name) {
        String bare = name.startsWith("SIG") ? name.substring(3) : name;
        if (SIGNALS.contains(bare)) {
          return "SIG" + bare;
        }
      }
      throw new IllegalArgumentException(
          "stopSignal must be the name of a signal, such as SIGTERM or SIGINT, not " + Values.displayed(value));
    };
  }

  private static List<?> asList(String name, Object value) {
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException(name + " must be a list but " + Values.displayed(value) + " was found");
    }
    return list;
  }
}

package org.ocidsl.dsl.cli;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * How the REPL reads what is typed: an input with an open brace, bracket or parenthesis, or an
 * open triple-quoted string or block comment, is unfinished and goes on on the next line; the
 * word the cursor is in, for completion, is the name (or {@code :command}) that ends there.
 */
final class ReplParser implements Parser {
  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    if (context == ParseContext.ACCEPT_LINE && !line.startsWith(":")) {
      String missing = unclosed(line);
      if (missing != null) {
        throw new EOFError(-1, -1, "unfinished input", missing);
      }
    }
    return new Line(line, cursor);
  }

  /**
   * What {@code text} leaves open, outside its strings and comments: the closing brace, bracket
   * or parenthesis it lacks, or the end of its last string or comment; null when nothing is open
   * (or a closer is stray: the compiler says where).
   */
  static String unclosed(String text) {
    Scan scan = scan(text);
    if (scan.unterminated() != null || scan.stray()) {
      return scan.unterminated();
    }
    List<Integer> open = scan.open();
    return open.isEmpty() ? null : String.valueOf(")}]".charAt("({[".indexOf(text.charAt(open.get(open.size() - 1)))));
  }

  /**
   * The positions of the braces, brackets and parentheses {@code text} leaves open, innermost
   * last; the end of a string or comment it leaves open; whether a closer matched no opener.
   */
  record Scan(List<Integer> open, String unterminated, boolean stray) {}

  static Scan scan(String text) {
    List<Integer> open = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (text.startsWith("//", i)) {
        int end = text.indexOf('\n', i);
        i = end < 0 ? text.length() : end;
      } else if (text.startsWith("/*", i)) {
        int end = text.indexOf("*/", i + 2);
        if (end < 0) {
          return new Scan(open, "*/", false);
        }
        i = end + 2;
      } else if (text.startsWith("'''", i) || text.startsWith("\"\"\"", i)) {
        String quote = text.substring(i, i + 3);
        int end = text.indexOf(quote, i + 3);
        if (end < 0) {
          return new Scan(open, quote, false);
        }
        i = end + 3;
      } else if (c == '\'' || c == '"') {
        // A one-line string: an unclosed one is the compiler's error to report, not an unfinished input.
        int j = i + 1;
        while (j < text.length() && text.charAt(j) != c && text.charAt(j) != '\n') {
          j += text.charAt(j) == '\\' ? 2 : 1;
        }
        i = j + 1;
      } else {
        if ("({[".indexOf(c) >= 0) {
          open.add(i);
        } else if (")}]".indexOf(c) >= 0) {
          if (open.isEmpty() || ")}]".indexOf(c) != "({[".indexOf(text.charAt(open.get(open.size() - 1)))) {
            return new Scan(open, null, true);
          }
          open.remove(open.size() - 1);
        }
        i++;
      }
    }
    return new Scan(open, null, false);
  }

  /** The input and the word before the cursor: letters, digits, {@code _ -}, and a leading {@code :}. */
  private static final class Line implements CompletingParsedLine {
    private final String line;
    private final int cursor;
    private final int start;

    Line(String line, int cursor) {
      this.line = line;
      this.cursor = cursor;
      int s = cursor;
      while (s > 0 && isWordChar(line.charAt(s - 1))) {
        s--;
      }
      if (s > 0 && line.charAt(s - 1) == ':' && (s == 1 || line.charAt(s - 2) == '\n')) {
        s--;
      }
      this.start = s;
    }

    private static boolean isWordChar(char c) {
      return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    @Override
    public String word() {
      return line.substring(start, cursor);
    }

    @Override
    public int wordCursor() {
      return cursor - start;
    }

    @Override
    public int wordIndex() {
      return 0;
    }

    @Override
    public List<String> words() {
      return List.of(word());
    }

    /** Candidates go in as they are: names, which need no quoting or escaping. */
    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
      return candidate;
    }

    @Override
    public int rawWordCursor() {
      return wordCursor();
    }

    @Override
    public int rawWordLength() {
      return cursor - start;
    }

    @Override
    public String line() {
      return line;
    }

    @Override
    public int cursor() {
      return cursor;
    }
  }
}

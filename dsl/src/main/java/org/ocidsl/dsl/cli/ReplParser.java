package org.ocidsl.dsl.cli;

import static org.apache.groovy.parser.antlr4.GroovyLexer.LBRACE;
import static org.apache.groovy.parser.antlr4.GroovyLexer.LBRACK;
import static org.apache.groovy.parser.antlr4.GroovyLexer.LPAREN;
import static org.apache.groovy.parser.antlr4.GroovyLexer.RBRACE;
import static org.apache.groovy.parser.antlr4.GroovyLexer.RBRACK;
import static org.apache.groovy.parser.antlr4.GroovyLexer.RPAREN;
import static org.apache.groovy.parser.antlr4.GroovyLexer.SAFE_INDEX;

import groovyjarjarantlr4.v4.runtime.Token;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.ocidsl.dsl.eval.GroovyTokens;

/**
 * How the REPL reads what is typed: an input with an open brace, bracket or parenthesis, or an
 * open triple-quoted string or block comment, is unfinished and goes on on the next line; the
 * word the cursor is in, for completion, is the name (or {@code :command}) that ends there. What
 * is open is what Groovy's own lexer leaves open ({@link GroovyTokens}), so that a bracket in a
 * string, a slashy string or a comment does not count.
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
   * (or a closer is stray, or a one-line string unclosed: the compiler says where).
   */
  static String unclosed(String text) {
    Scan scan = scan(text);
    if (scan.unterminated() != null || scan.stray() || scan.refused()) {
      return scan.unterminated();
    }
    List<Integer> open = scan.open();
    return open.isEmpty() ? null : String.valueOf(")}]".charAt("({[".indexOf(text.charAt(open.get(open.size() - 1)))));
  }

  /**
   * The positions in {@code text} of the braces, brackets and parentheses it leaves open,
   * innermost last; the end of a string or comment it leaves open; whether a closer matched no
   * opener; whether the lexer stopped before the end ({@link GroovyTokens#refused}).
   */
  record Scan(List<Integer> open, String unterminated, boolean stray, boolean refused) {}

  static Scan scan(String text) {
    GroovyTokens read = GroovyTokens.read(text);
    Deque<Token> open = new ArrayDeque<>();
    for (Token t : read.tokens()) {
      switch (t.getType()) {
        case LPAREN, LBRACK, SAFE_INDEX, LBRACE -> open.push(t);
        case RPAREN, RBRACK, RBRACE -> {
          if (open.isEmpty() || !closes(t, open.peek())) {
            return new Scan(positions(text, open), null, true, false);
          }
          open.pop();
        }
        default -> { }
      }
    }
    GroovyTokens.Unterminated unterminated = read.unterminated();
    return new Scan(positions(text, open), unterminated == null ? null : unterminated.closing(), false, read.refused());
  }

  private static boolean closes(Token closer, Token opener) {
    return switch (closer.getType()) {
      case RPAREN -> opener.getType() == LPAREN;
      case RBRACK -> opener.getType() == LBRACK || opener.getType() == SAFE_INDEX;
      default -> opener.getType() == LBRACE;
    };
  }

  /** Where the brackets of {@code open} stand in {@code text}, outermost first: the last character of {@code ?[}. */
  private static List<Integer> positions(String text, Deque<Token> open) {
    List<Integer> positions = new ArrayList<>();
    open.descendingIterator().forEachRemaining(t -> positions.add(text.offsetByCodePoints(0, t.getStopIndex())));
    return positions;
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

package org.ocidsl.dsl.eval;

import static org.apache.groovy.parser.antlr4.GroovyLexer.COMMA;
import static org.apache.groovy.parser.antlr4.GroovyLexer.LBRACE;
import static org.apache.groovy.parser.antlr4.GroovyLexer.LBRACK;
import static org.apache.groovy.parser.antlr4.GroovyLexer.LPAREN;
import static org.apache.groovy.parser.antlr4.GroovyLexer.RBRACE;
import static org.apache.groovy.parser.antlr4.GroovyLexer.RBRACK;
import static org.apache.groovy.parser.antlr4.GroovyLexer.RPAREN;
import static org.apache.groovy.parser.antlr4.GroovyLexer.SAFE_INDEX;

import groovyjarjarantlr4.v4.runtime.Token;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds where a script that Groovy refused to parse went wrong, when Groovy cannot say: its
 * parser blames the first token of the statement it gave up on ({@code system {} on line 1 for a
 * brace missing on line 30). Reads the script's tokens with Groovy's own lexer ({@link
 * GroovyTokens}) and looks for the mistakes a person makes: a bracket that closes nothing or the
 * wrong one, one never closed, a {@code ,} that no argument follows, a triple-quoted string or
 * block comment never closed.
 */
final class SyntaxMistakes {
  /** A mistake at {@code line} and {@code column} (from 1). */
  record Mistake(int line, int column, String message) {}

  private SyntaxMistakes() {}

  /** The first mistake in {@code text}, if it has one of the kinds this class knows. */
  static Optional<Mistake> find(String text) {
    GroovyTokens read = GroovyTokens.read(text);
    if (read.refused()) {
      return Optional.empty();
    }
    List<Token> tokens = read.tokens();
    Map<Integer, Integer> indentation = new HashMap<>();
    for (Token t : tokens) {
      indentation.putIfAbsent(t.getLine(), t.getCharPositionInLine());
    }
    Deque<Token> open = new ArrayDeque<>();
    Token dedented = null;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      switch (t.getType()) {
        case LPAREN, LBRACK, SAFE_INDEX, LBRACE -> open.push(t);
        case RPAREN, RBRACK, RBRACE -> {
          if (open.isEmpty()) {
            return at(t, "unexpected '" + t.getText() + "': no '" + opening(t.getText()) + "' is open here");
          }
          Token opener = open.pop();
          if (!closing(opener.getText()).equals(t.getText())) {
            return at(t, "unexpected '" + t.getText() + "': the '" + opener.getText() + "' opened at line "
                + opener.getLine() + " is not closed yet");
          }
          if (dedented == null && startsLine(t, indentation)
              && t.getCharPositionInLine() < indentation.get(opener.getLine())) {
            // Closed by the bracket of an enclosing block: the innermost such lacks its own.
            dedented = opener;
          }
        }
        case COMMA -> {
          if (i + 1 == tokens.size()) {
            break; // The last before a string or comment never closed, the mistake said below.
          }
          Token next = tokens.get(i + 1);
          if (next.getType() == RBRACE) {
            return at(t, "unexpected ',' before '}' on line " + next.getLine());
          }
          if (next.getType() == Token.EOF) {
            return at(t, "unexpected ',' at the end of the file");
          }
        }
        default -> { }
      }
    }
    GroovyTokens.Unterminated unterminated = read.unterminated();
    if (unterminated != null) {
      // It runs to the end of the file, taking the brackets after it along.
      return atEnd(text, "missing " + unterminated.closing() + " at the end of the file for the "
          + (unterminated.closing().equals("*/") ? "comment" : "string") + " opened at line " + unterminated.line());
    }
    if (open.isEmpty()) {
      return Optional.empty();
    }
    Token unclosed = dedented != null ? dedented : open.peek();
    return atEnd(text, "missing '" + closing(unclosed.getText()) + "' at the end of the file for the '"
        + unclosed.getText() + "' opened at line " + unclosed.getLine());
  }

  /** A mistake at the end of {@code text}, after its last character but white space. */
  private static Optional<Mistake> atEnd(String text, String message) {
    String content = text.stripTrailing();
    int line = (int) content.chars().filter(c -> c == '\n').count() + 1;
    int column = content.length() - content.lastIndexOf('\n');
    return Optional.of(new Mistake(line, column, message));
  }

  private static boolean startsLine(Token t, Map<Integer, Integer> indentation) {
    return indentation.get(t.getLine()) == t.getCharPositionInLine();
  }

  private static Optional<Mistake> at(Token t, String message) {
    return Optional.of(new Mistake(t.getLine(), t.getCharPositionInLine() + 1, message));
  }

  private static String closing(String opening) {
    return switch (opening) {
      case "(" -> ")";
      case "[", "?[" -> "]";
      default -> "}";
    };
  }

  private static String opening(String closing) {
    return switch (closing) {
      case ")" -> "(";
      case "]" -> "[";
      default -> "{";
    };
  }
}

package org.ocidsl.dsl.eval;

import static org.apache.groovy.parser.antlr4.GroovyLexer.DEFAULT_MODE;
import static org.apache.groovy.parser.antlr4.GroovyLexer.DIV;
import static org.apache.groovy.parser.antlr4.GroovyLexer.GSTRING_PATH_MODE;
import static org.apache.groovy.parser.antlr4.GroovyLexer.GSTRING_TYPE_SELECTOR_MODE;
import static org.apache.groovy.parser.antlr4.GroovyLexer.GStringBegin;
import static org.apache.groovy.parser.antlr4.GroovyLexer.GStringEnd;
import static org.apache.groovy.parser.antlr4.GroovyLexer.MUL;
import static org.apache.groovy.parser.antlr4.GroovyLexer.NL;
import static org.apache.groovy.parser.antlr4.GroovyLexer.StringLiteral;
import static org.apache.groovy.parser.antlr4.GroovyLexer.TDQ_GSTRING_MODE;

import groovyjarjarantlr4.v4.runtime.Token;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.groovy.parser.antlr4.GroovyLangLexer;
import org.apache.groovy.parser.antlr4.GroovySyntaxError;

/**
 * A text as Groovy's own lexer reads it, so that its strings, GStrings, slashy strings and
 * comments are what Groovy makes of them: {@link SyntaxMistakes} reads a refused file with it,
 * the REPL an input, to know whether it is finished.
 *
 * <p>Token positions ({@link Token#getStartIndex()}, {@link Token#getCharPositionInLine()}) count
 * code points, not Java chars.
 *
 * @param tokens the text's tokens but line ends and comments: up to its end, {@link Token#EOF}
 *     last, or, where the lexer stopped, up to that point: a string or comment never closed, a
 *     character it refuses
 * @param unterminated the triple-quoted string or block comment the text leaves open, or null
 */
public record GroovyTokens(List<Token> tokens, Unterminated unterminated) {
  /**
   * A triple-quoted string or block comment never closed.
   *
   * @param closing what would close it: {@code '''}, {@code """} or <code>*&#47;</code>
   * @param line the line (from 1) where it opens
   */
  public record Unterminated(String closing, int line) {}

  public GroovyTokens {
    tokens = List.copyOf(tokens);
  }

  /** Reads {@code text} with Groovy's lexer. */
  public static GroovyTokens read(String text) {
    GroovyLangLexer lexer;
    try {
      lexer = new GroovyLangLexer(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    lexer.removeErrorListeners();
    List<Token> tokens = new ArrayList<>();
    Deque<Token> gstrings = new ArrayDeque<>();
    Token last = null;
    while (true) {
      Token t;
      try {
        t = lexer.nextToken();
      } catch (GroovySyntaxError e) {
        return new GroovyTokens(tokens, null);
      }
      if (t.getType() == StringLiteral && t.getText().length() == 2 && lexer.getInputStream().LA(1) == t.getText().charAt(0)) {
        // A ''' (or """) that the lexer could not read as a string, for want of its end: it read
        // the empty string '' and would go on to read what follows as code.
        return new GroovyTokens(tokens, new Unterminated(t.getText() + t.getText().charAt(0), t.getLine()));
      }
      if (t.getType() == MUL && last != null && last.getType() == DIV && last.getStopIndex() + 1 == t.getStartIndex()) {
        // The same for a /* without its end: the lexer read a division and a multiplication.
        tokens.remove(tokens.size() - 1);
        return new GroovyTokens(tokens, new Unterminated("*/", last.getLine()));
      }
      if (t.getType() == GStringBegin) {
        gstrings.push(t);
      } else if (t.getType() == GStringEnd) {
        gstrings.pop();
      } else if (t.getType() == Token.EOF) {
        if (lexer._mode == DEFAULT_MODE) {
          tokens.add(t);
          return new GroovyTokens(tokens, null);
        }
        // In a GString at the end: in its mode, or in that of a $name or $ pushed over it.
        int string = lexer._mode == GSTRING_PATH_MODE || lexer._mode == GSTRING_TYPE_SELECTOR_MODE
            ? lexer._modeStack.peek() : lexer._mode;
        return new GroovyTokens(tokens,
            string == TDQ_GSTRING_MODE ? new Unterminated("\"\"\"", gstrings.peek().getLine()) : null);
      }
      if (t.getType() != NL) {
        tokens.add(t);
      }
      last = t;
    }
  }

  /** Whether the lexer read the whole text, leaving no string or comment open. */
  public boolean complete() {
    return !tokens.isEmpty() && tokens.get(tokens.size() - 1).getType() == Token.EOF;
  }

  /**
   * Whether the lexer stopped at something it refuses (a one-line string never closed), before
   * the end: what the tokens leave open then says nothing, and Groovy's own message says where.
   */
  public boolean refused() {
    return !complete() && unterminated == null;
  }
}

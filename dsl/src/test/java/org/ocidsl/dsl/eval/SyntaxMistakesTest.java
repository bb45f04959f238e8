package org.ocidsl.dsl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyntaxMistakesTest {
  @Test
  void find_bracketsInStringsCommentsAndGStringsAreNotCounted() {
    String text = """
        def x = "a ${ [1, 2].collect { it } } }"   // } ) ]
        def y = $/ { /$
        /* { */
        def z = ['a', 'b',]
        println(1,)
        """;
    assertEquals(Optional.empty(), SyntaxMistakes.find(text));
  }

  @Test
  void find_unclosedBraceIsTheInnermostClosedByAnEnclosingBlocksBrace() {
    String text = """
        system {
            service ociServiceType, ociConfiguration {
                containers ociContainer {
                    image 'redis:7'
                }
        }
        """;
    assertEquals(Optional.of(new SyntaxMistakes.Mistake(6, 2,
            "missing '}' at the end of the file for the '{' opened at line 2")),
        SyntaxMistakes.find(text));
  }

  @Test
  void find_unclosedBraceWithoutIndentationToGoByIsTheInnermostOpen() {
    assertEquals(Optional.of(new SyntaxMistakes.Mistake(1, 22,
            "missing '}' at the end of the file for the '{' opened at line 1")),
        SyntaxMistakes.find("system { service(x) { "));
  }

  @Test
  void find_wrongClosingBracket() {
    assertEquals(Optional.of(new SyntaxMistakes.Mistake(2, 8,
            "unexpected ']': the '(' opened at line 1 is not closed yet")),
        SyntaxMistakes.find("ports('8080:80',\n '9:9' ]"));
  }

  @Test
  void find_trailingCommaAtTheEndOfTheFile() {
    assertEquals(Optional.of(new SyntaxMistakes.Mistake(1, 16, "unexpected ',' at the end of the file")),
        SyntaxMistakes.find("ports '8080:80',\n"));
  }

  @Test
  void find_unterminatedOneLineStringIsLeftToGroovy() {
    assertEquals(Optional.empty(), SyntaxMistakes.find("system { image 'redis:7 }"));
  }

  @Test
  void find_unterminatedTripleQuotedStringOrComment_noBracketAfterItCounts() {
    assertEquals(Optional.of(new SyntaxMistakes.Mistake(3, 2, "missing ''' at the end of the file for the string opened at line 2")),
        SyntaxMistakes.find("system {\n    motd '''It's {\n}\n"));
    assertEquals(Optional.of(new SyntaxMistakes.Mistake(3, 2, "missing \"\"\" at the end of the file for the string opened at line 2")),
        SyntaxMistakes.find("system {\n    motd \"\"\"Hello ${name} {\n}\n"));
    assertEquals(Optional.of(new SyntaxMistakes.Mistake(3, 9, "missing */ at the end of the file for the comment opened at line 3")),
        SyntaxMistakes.find("system {\n}\n/* see {\n"));
    assertEquals(Optional.of(new SyntaxMistakes.Mistake(1, 21, "missing ''' at the end of the file for the string opened at line 1")),
        SyntaxMistakes.find("command 'sh', '''ls,"));
  }
}

package org.ocidsl.dsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jline.reader.Candidate;
import org.jline.reader.Parser;
import org.ocidsl.dsl.eval.Evaluator;
import org.ocidsl.engine.Mode;
import org.ocidsl.engine.Pipeline;
import org.ocidsl.engine.image.api.BuildListener;
import org.ocidsl.stdlib.Catalog;

/** The REPL's session, reader and completion without a terminal (ReplIT types into a real one). */
class ReplTest {
  @TempDir Path tmp;
  StringWriter printed;
  Repl repl;

  @BeforeEach
  void session() {
    printed = new StringWriter();
    PrintWriter out = new PrintWriter(printed, true);
    Path state = tmp.resolve("state");
    repl = new Repl(new Control(state, new Pipeline(state, new BuildListener() {}, Mode.SYSTEM), new Evaluator(null),
        tmp, out, out), out, false);
  }

  /** What the session printed for {@code input}. */
  String handle(String input) {
    printed.getBuffer().setLength(0);
    assertTrue(repl.handle(input));
    return printed.toString();
  }

  @Test
  void parser_anOpenBlockContinues_stringsAndCommentsDoNotCount() {
    assertEquals("}", ReplParser.unclosed("def web = ociContainer {\n    image 'redis:7'"));
    assertEquals(")", ReplParser.unclosed("system(base"));
    assertEquals("]", ReplParser.unclosed("ports(['8080': '80'"));
    assertEquals("'''", ReplParser.unclosed("def text = '''one\ntwo"));
    assertEquals("*/", ReplParser.unclosed("1 /* a comment"));
    assertNull(ReplParser.unclosed("ociContainer { image 'a{' }"));
    assertNull(ReplParser.unclosed("println \"${1 + 1} {\" // {"));
    assertNull(ReplParser.unclosed("1 }"), "a stray brace is the compiler's to report");
    assertNull(ReplParser.unclosed("'unclosed"), "an unclosed one-line string is the compiler's to report");
    assertNull(ReplParser.unclosed("status('web).state"), "in brackets too: the input ends, and the compiler says where");
  }

  @Test
  void parser_readsStringsAndCommentsAsGroovysLexerDoes() {
    assertNull(ReplParser.unclosed("def p = ~/\\{/"), "a brace in a slashy string");
    assertNull(ReplParser.unclosed("println \"${items.join(\"{ \")}\""), "a brace in a string in a GString");
    assertEquals("]", ReplParser.unclosed("def s = $/don't/$ + ["), "a quote in a dollar-slashy string");
    assertEquals("'''", ReplParser.unclosed("def t = '''It\\''' {\nsecond line"), "an escaped quote in a ''' string");
    assertEquals("'''", ReplParser.unclosed("def t = '''It's {\nsecond line"));
    assertEquals("\"\"\"", ReplParser.unclosed("def g = \"\"\"Hello $name\n"));
    assertEquals("}", ReplParser.unclosed("def g = \"a ${\n"), "an interpolation goes on on the next line");
    assertEquals("*/", ReplParser.unclosed("ociContainer {\n    /* it's {"));
    assertEquals("}", ReplParser.unclosed("ociContainer {\n    command '''sh -c \"echo }\"''' // }\n    /* } */"));
  }

  @Test
  void completer_theRecordWhoseBlockTheCursorIsIn() {
    assertEquals(Catalog.RECORDS.get("ociContainer"), ReplCompleter.enclosingRecord("ociContainer { por"));
    assertEquals(Catalog.RECORDS.get("ociContainer"), ReplCompleter.enclosingRecord("ociContainer(web) {\n    po"));
    assertEquals(Catalog.RECORDS.get("ociConfiguration"),
        ReplCompleter.enclosingRecord("ociConfiguration {\n containers ociContainer { image 'a' }\n ver"));
    assertNull(ReplCompleter.enclosingRecord("[1].each { it"));
    assertNull(ReplCompleter.enclosingRecord("ociContainer"));
    assertEquals(Catalog.RECORDS.get("ociContainer"), ReplCompleter.enclosingRecord("ociContainer { image ~/\\{/; po"));
    assertEquals(Catalog.RECORDS.get("ociContainer"), ReplCompleter.enclosingRecord("def s = '\uD83D\uDE00'; ociContainer { po"),
        "positions count chars, not code points");
  }

  /** What Tab offers at the end of {@code text}. */
  List<String> completions(String text) {
    List<Candidate> candidates = new ArrayList<>();
    new ReplCompleter(repl).complete(null, new ReplParser().parse(text, text.length(), Parser.ParseContext.COMPLETE),
        candidates);
    return candidates.stream().map(Candidate::value).toList();
  }

  @Test
  void completer_commandsFieldsAndVariables() {
    assertEquals(List.of(":launcher", ":load"), completions(":l").stream().filter(c -> c.startsWith(":l")).toList());
    handle("def webContainer = 1");
    List<String> inBlock = completions("ociConfiguration {\n    containers ociContainer { provi");
    assertTrue(inBlock.containsAll(List.of("provision", "ports", "hostEnvironment", "ociImage", "ociServiceType",
        "modifyServices", "reconfigure", "switchGeneration", "webContainer")), inBlock.toString());
    assertTrue(!completions("def x = prov").contains("provision"), "a field only in its record's block");
    assertTrue(completions(":describe ").containsAll(List.of("ociContainer", "ociServiceType", "script")));
  }

  @Test
  void values_printedAsBuilderCalls_variablesLiveOn_secretsHidden() {
    assertEquals("42\n", handle("def x = 6 * 7"));
    assertEquals("43\n", handle("x + 1"));
    assertEquals("[1, 2]\n", handle("def (a, b) = [1, 2]"));
    assertEquals("3\n", handle("a + b"));
    assertEquals("", handle("def unset"));
    assertEquals("true\n", handle("unset == null"));
    assertEquals("hi\n", handle("println 'hi'; null"), "what it prints, and no value");
    String record = handle("def c = ociContainer {\n    image 'redis:7'\n    ports '6379:6379', ['16379': '6380']\n"
        + "    hostEnvironment TOKEN: 'not-for-eyes'\n}");
    assertTrue(record.startsWith("ociContainer {\n    command([])\n    hostEnvironment 'TOKEN=<hidden>'\n"), record);
    assertTrue(record.contains("\n    image 'redis:7'\n") && record.contains("\n    ports '6379:6379', '16379:6380'\n")
        && record.endsWith("}\n"), record);
    assertFalse(record.contains("not-for-eyes"), record);
    assertEquals("redis:7\n", handle("c.image"));
    String service = handle("service ociServiceType, ociConfiguration { runtime 'podman'; containers c }");
    assertTrue(service.startsWith("service ociServiceType, ociConfiguration {\n"), service);
    assertTrue(service.contains("\n    containers ociContainer {\n        command([])\n"), service);
  }

  @Test
  void errors_locatedAtThePrompt_andTheSessionGoesOn() {
    assertEquals("<repl>:1:1: error: unknown function 'nosuch'\n", handle("nosuch(1)"));
    assertEquals("<repl>:2:1: error: unknown name 'missing'\n", handle("def y = 1\ny + missing"));
    assertTrue(handle("ociContainer { ports 8080 }").startsWith("<repl>:1:16: error: ports members must be"));
    assertEquals("error: unknown command ':nope'; :help lists the commands\n", handle(":nope"));
    assertEquals("error: :plan works on system, which is not set: ':load FILE' sets it\n", handle(":plan"));
    assertEquals("2\n", handle("1 + 1"));
    assertFalse(repl.handle(":quit"));
  }

  @Test
  void commands_overTheLoadedSystem() throws IOException {
    Path file = tmp.resolve("procs.oci.groovy");
    Files.writeString(file, "system {\n    simpleService 'procs', shepherdRootServiceType, [\n"
        + "        shepherdService { provision 'db'; start 'sleep', '1' },\n"
        + "        shepherdService { provision 'web'; requirement 'db'; start 'sleep', '2' },\n    ]\n}\n");
    assertEquals("system = " + file + ": 9 services, 0 containers, 0 networks, 0 volumes, 0 images\n",
        handle(":load " + file));
    assertTrue(handle(":services").endsWith("db\nweb -> db\n"), printed.toString());
    assertTrue(handle(":graph").contains("\nprocs -> shepherd-root\n"), printed.toString());
    assertEquals("#!/bin/sh\nset -e\nexec 'sleep' '2'\n", handle(":launcher web"));
    assertTrue(handle(":describe ociVolume").startsWith("ociVolume — oci-volume-configuration\n"));
    assertTrue(handle(":describe script").contains("  reconfigure(SYSTEM)\n"));
    assertEquals("error: no system is running in " + tmp.resolve("state") + "; 'ocidsl run FILE' starts one\n",
        handle(":plan"));
    assertTrue(completions(":launcher ").containsAll(List.of("db", "web")), completions(":launcher ").toString());
    assertEquals(List.of(), completions("status('"), "no system runs");
    Files.writeString(file, "system { }\n");
    assertTrue(handle(":reload").startsWith("system = " + file + ": 7 services"), printed.toString());
    assertTrue(handle(":help").contains(":launcher SERVICE"), printed.toString());
  }
}

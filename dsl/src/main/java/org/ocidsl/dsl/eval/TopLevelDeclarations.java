package org.ocidsl.dsl.eval;

import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.EmptyExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Token;
import org.codehaus.groovy.syntax.Types;

/**
 * Turns the declarations at the top level of a script typed at a prompt ({@code def web =
 * ociContainer { … }}, {@code def (a, b) = pair}) into assignments to the script's binding, so that the inputs typed after
 * it see {@code web}: each input is a script of its own, and its local variables end with it.
 */
final class TopLevelDeclarations extends CompilationCustomizer {
  TopLevelDeclarations() {
    // Before the variable scopes are resolved: the name must be found dynamic, in the binding.
    super(CompilePhase.CONVERSION);
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    MethodNode run = classNode.isScript() ? classNode.getMethod("run", Parameter.EMPTY_ARRAY) : null;
    if (run == null || !(run.getCode() instanceof BlockStatement body)) {
      return;
    }
    for (int i = 0; i < body.getStatements().size(); i++) {
      Statement s = body.getStatements().get(i);
      if (s instanceof ExpressionStatement e && e.getExpression() instanceof DeclarationExpression d) {
        // A declaration without a value (def x) sets the variable to null, as it would in a script.
        Expression value = d.getRightExpression() instanceof EmptyExpression ? new ConstantExpression(null)
            : d.getRightExpression();
        BinaryExpression assignment = new BinaryExpression(dynamic(d.getLeftExpression()),
            Token.newSymbol(Types.ASSIGN, d.getLineNumber(), d.getColumnNumber()), value);
        assignment.setSourcePosition(d);
        ExpressionStatement replaced = new ExpressionStatement(assignment);
        replaced.setSourcePosition(s);
        body.getStatements().set(i, replaced);
      }
    }
  }

  /** The declared variable ({@code x}), or variables ({@code (a, b)}), as names the binding holds. */
  private static Expression dynamic(Expression declared) {
    if (declared instanceof TupleExpression tuple) {
      TupleExpression names = new TupleExpression();
      tuple.getExpressions().forEach(v -> names.addExpression(dynamic(v)));
      names.setSourcePosition(tuple);
      return names;
    }
    VariableExpression name = new VariableExpression(((VariableExpression) declared).getName());
    name.setSourcePosition(declared);
    return name;
  }
}

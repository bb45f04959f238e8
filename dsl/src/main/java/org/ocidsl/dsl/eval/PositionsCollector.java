package org.ocidsl.dsl.eval;

import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.ReturnStatement;
import org.codehaus.groovy.ast.stmt.ThrowStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Records, as a script is compiled, the position of every method call and assignment by name,
 * and of every statement (unnamed): where an error on a line is reported.
 */
final class PositionsCollector extends CompilationCustomizer {
  private final Positions positions;

  PositionsCollector(Positions positions) {
    super(CompilePhase.CONVERSION);
    this.positions = positions;
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode)
      throws CompilationFailedException {
    new ClassCodeVisitorSupport() {
      @Override
      protected SourceUnit getSourceUnit() {
        return source;
      }

      @Override
      public void visitMethodCallExpression(MethodCallExpression call) {
        if (call.getMethodAsString() != null) {
          positions.add(call.getLineNumber(), call.getColumnNumber(), call.getMethodAsString());
        }
        super.visitMethodCallExpression(call);
      }

      @Override
      public void visitExpressionStatement(ExpressionStatement statement) {
        positions.add(statement.getLineNumber(), statement.getColumnNumber(), "");
        super.visitExpressionStatement(statement);
      }

      @Override
      public void visitThrowStatement(ThrowStatement statement) {
        positions.add(statement.getLineNumber(), statement.getColumnNumber(), "");
        super.visitThrowStatement(statement);
      }

      @Override
      public void visitReturnStatement(ReturnStatement statement) {
        positions.add(statement.getLineNumber(), statement.getColumnNumber(), "");
        super.visitReturnStatement(statement);
      }

      @Override
      public void visitBinaryExpression(BinaryExpression e) {
        if (e.getOperation().getText().equals("=")) {
          String name =
              e.getLeftExpression() instanceof VariableExpression v ? v.getName()
                  : e.getLeftExpression() instanceof PropertyExpression p ? p.getPropertyAsString() : null;
          if (name != null) {
            positions.add(e.getLineNumber(), e.getColumnNumber(), name);
          }
        }
        super.visitBinaryExpression(e);
      }
    }.visitClass(classNode);
  }
}

package org.ocidsl.dsl.eval;

import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
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
 * and of every statement (unnamed): where an error on a line is reported. A statement that is a
 * name alone or a name and a number also records the name, and the call it probably meant (see
 * {@link Positions}).
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
        Expression e = statement.getExpression();
        if (e instanceof VariableExpression v) {
          // A bare name, a field without its value (image): meant as image(VALUE).
          positions.add(v.getLineNumber(), v.getColumnNumber(), v.getName());
        } else if (e instanceof BinaryExpression b && b.getLeftExpression() instanceof VariableExpression v
            && (b.getOperation().getText().equals("-") || b.getOperation().getText().equals("+"))) {
          positions.add(v.getLineNumber(), v.getColumnNumber(), v.getName());
          if (b.getRightExpression() instanceof ConstantExpression k && k.getValue() instanceof Number) {
            // stopTimeout -3, read as stopTimeout - 3: meant as stopTimeout(-3).
            String sign = b.getOperation().getText().equals("-") ? "-" : "";
            positions.add(v.getLineNumber(), v.getColumnNumber(), v.getName() + "(" + sign + k.getText() + ")");
          }
        }
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

package org.ocidsl.dsl.eval;

import java.util.List;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.BooleanExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.SpreadExpression;
import org.codehaus.groovy.ast.expr.TernaryExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Compiles into a script a note of where each of its calls is made, for {@link
 * Locations#caller}: a value or an error is located at the call that made it.
 *
 * <p>The last thing a call evaluates before it goes out is its last argument, so that argument
 * {@code a} becomes {@code Locations.at(Script, line, column, a)}, which notes the place and
 * returns {@code a}: a call in the arguments themselves ({@code provision helper()}) is over by
 * then. A call with nothing to wrap (no argument, or a map or a spread last) becomes {@code
 * Locations.at(Script, line, column) ? call : null}. The right side of an assignment to a property
 * ({@code provision = 'web'}, which a record's block turns into a field) is wrapped likewise.
 * Finding the place of every field this way costs a static call, where a walk of the stack up to
 * the script's frame was a sizeable part of a check. It also finds the line a call starts on,
 * where the stack told the line its arguments ended on.
 */
final class CallMarker extends CompilationCustomizer {
  private static final ClassNode LOCATIONS = ClassHelper.make(Locations.class);
  private static final MethodNode AT = at(3);
  private static final MethodNode AT_VALUE = at(4);

  CallMarker() {
    // After the variable scopes are known: an assignment to a local variable needs no note.
    super(CompilePhase.CANONICALIZATION);
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    if (classNode.isInterface()) {
      return;
    }
    new ClassCodeExpressionTransformer() {
      @Override
      protected SourceUnit getSourceUnit() {
        return source;
      }

      @Override
      public Expression transform(Expression e) {
        if (e instanceof ClosureExpression closure) {
          // A closure's body is not among the expressions transformExpression descends into.
          closure.getCode().visit(this);
          return closure;
        }
        Expression t = e == null ? null : e.transformExpression(this);
        if (t instanceof MethodCallExpression call) {
          return marked(call, classNode);
        }
        if (t instanceof BinaryExpression b && isPropertyAssignment(b)) {
          b.setRightExpression(note(classNode, b, b.getRightExpression()));
        }
        return t;
      }
    }.visitClass(classNode);
  }

  private static Expression marked(MethodCallExpression call, ClassNode script) {
    if (call.getArguments() instanceof ArgumentListExpression arguments) {
      List<Expression> list = arguments.getExpressions();
      if (!list.isEmpty()) {
        Expression last = list.get(list.size() - 1);
        if (!(last instanceof SpreadExpression) && !(last instanceof MapExpression)) {
          list.set(list.size() - 1, note(script, call, last));
          return call;
        }
      }
    }
    TernaryExpression t =
        new TernaryExpression(
            new BooleanExpression(note(script, call, null)), call, ConstantExpression.NULL);
    t.setSourcePosition(call);
    return t;
  }

  private static boolean isPropertyAssignment(BinaryExpression b) {
    if (b instanceof DeclarationExpression || !b.getOperation().getText().equals("=")) {
      return false;
    }
    Expression left = b.getLeftExpression();
    return left instanceof PropertyExpression
        || left instanceof VariableExpression v && v.getAccessedVariable() instanceof DynamicVariable;
  }

  /**
   * {@code Locations.at(script, line, column[, value])}, at {@code where}: a direct call (its
   * target set), not one through Groovy's call sites, whose first use at each of hundreds of places
   * would cost more than the stack walk this replaces.
   */
  private static Expression note(ClassNode script, Expression where, Expression value) {
    ArgumentListExpression args =
        new ArgumentListExpression(
            new ClassExpression(script),
            new ConstantExpression(where.getLineNumber(), true),
            new ConstantExpression(where.getColumnNumber(), true));
    if (value != null) {
      args.addExpression(value);
    }
    MethodCallExpression at = new MethodCallExpression(new ClassExpression(LOCATIONS), "at", args);
    at.setMethodTarget(value != null ? AT_VALUE : AT);
    at.setImplicitThis(false);
    at.setSourcePosition(value != null ? value : where);
    return at;
  }

  private static MethodNode at(int parameters) {
    return LOCATIONS.getMethods("at").stream()
        .filter(m -> m.getParameters().length == parameters)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no Locations.at of " + parameters + " parameters"));
  }
}

package dev.yieldfrom.processor.lower;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;

/**
 * Whether a statement surely completes normally (JLS 14.22), decided conservatively. The lowering
 * appends jumps after the last statement of a branch or loop body; javac rejects a jump after a
 * statement that cannot complete normally, so a statement this class is not sure about is wrapped
 * in {@code if (true) { ... }}, which javac always lets complete normally.
 */
final class Reachability {
  private Reachability() {}

  static boolean surelyCompletesNormally(StatementTree statement) {
    switch (statement.getKind()) {
      case EXPRESSION_STATEMENT:
      case VARIABLE:
      case EMPTY_STATEMENT:
      case ASSERT:
      case CLASS:
      case INTERFACE:
      case ENUM:
      case RECORD:
        return true;
      case IF:
        IfTree branch = (IfTree) statement;
        return branch.getElseStatement() == null
            || surelyCompletesNormally(branch.getThenStatement())
            || surelyCompletesNormally(branch.getElseStatement());
      case BLOCK:
        var statements = ((BlockTree) statement).getStatements();
        return statements.isEmpty() || surelyCompletesNormally(statements.get(statements.size() - 1));
      default:
        return false;
    }
  }

  /** Whether {@code statement} ends its block: nothing may follow it. */
  static boolean isAbrupt(Tree statement) {
    switch (statement.getKind()) {
      case RETURN:
      case THROW:
      case BREAK:
      case CONTINUE:
      case YIELD:
        return true;
      default:
        return false;
    }
  }

  static boolean isLiteralTrue(ExpressionTree condition) {
    String text = condition.toString().replace("(", "").replace(")", "").trim();
    return text.equals("true");
  }
}

/** Thrown by `compileExpression` for text that `checkExpression` would refuse. */
export class ExpressionError extends Error {
  readonly problems: readonly string[];
  readonly expression: string;

  constructor(expression: string, problems: readonly string[]) {
    super(`invalid expression: ${problems.join('; ')}`);
    this.name = 'ExpressionError';
    this.expression = expression;
    this.problems = problems;
  }
}

/**
 * Thrown while evaluating when a value the expression makes would pass a size cap
 * (limits.ts); operators turn it into a dead letter. The only error a compiled expression throws.
 */
export class ExpressionLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionLimitError';
  }
}

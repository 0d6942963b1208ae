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

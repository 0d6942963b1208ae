import type { NextFunction, Request, Response } from 'express';
import type { ApiError, Problem } from '@rivulet/shared-types';
import type { z } from 'zod';

/** An error the API answers with its status, message and problems; never a stack trace. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, `${what} not found`);

/** zod issues as problems, their path joined for the field. */
export function zodProblems(error: z.ZodError, where: string): Problem[] {
  return error.issues.map((issue) => ({
    message: `${where}${issue.path.length > 0 ? '.' + issue.path.join('.') : ''}: ${issue.message}`,
  }));
}

/** Parses input with a schema or throws a 400 naming every problem. */
export function parseOr400<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new HttpError(400, `invalid ${where}`, zodProblems(parsed.error, where));
  return parsed.data;
}

/**
 * The last middleware: every error becomes JSON with the right status. `redact` rewrites every
 * message answered (the server passes redactPaths with its data directory).
 */
export function createErrorHandler(redact: (message: string) => string = (message) => message) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    let body: ApiError;
    let status: number;
    if (error instanceof HttpError) {
      status = error.status;
      body = {
        message: redact(error.message),
        problems: error.problems.map((p) => ({ ...p, message: redact(p.message) })),
      };
    } else if (isClientError(error)) {
      // From express's own layers (body parser, router): our words, not theirs.
      status = error.status;
      const message =
        error.type === 'entity.too.large'
          ? `the request body is larger than the limit (${error.limit} bytes)`
          : error.type === 'entity.parse.failed'
            ? 'the request body is not valid JSON'
            : error.type === 'encoding.unsupported' || error.type === 'charset.unsupported'
              ? 'unsupported body encoding: send UTF-8 JSON'
              : error instanceof URIError
                ? 'the URL is not valid: a %-escape in it does not decode'
                : error.status === 404
                  ? 'not found (if this is the web app: it is not built; run npm start)'
                  : 'the request body could not be read';
      body = { message, problems: [] };
    } else {
      status = 500;
      body = { message: 'internal error: the server logged it', problems: [] };
      console.error('rivulet: internal error', error);
    }
    if (res.headersSent) return;
    res.status(status).json(body);
  };
}

/** An http-errors style error (body-parser's, the router's): a 4xx status, maybe a type. */
interface ClientError {
  status: number;
  type?: string;
  limit?: number;
}

function isClientError(error: unknown): error is ClientError {
  if (typeof error !== 'object' || error === null || !('status' in error)) return false;
  const { status } = error as { status: unknown };
  return typeof status === 'number' && status >= 400 && status < 500;
}

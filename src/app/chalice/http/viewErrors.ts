/**
 * An error a route handler throws to answer with a status: the client gets `{ Code, Message }` with
 * `Code` the error's class name, as Chalice's `ChaliceViewError` family. Any other error is a 500.
 * @example
 * throw new NotFoundError(`no object ${request.uriParams?.['key']}`);
 */
export class ChaliceViewError extends Error {
  /** The HTTP status the client gets. */
  readonly statusCode: number = 500;
  /** The `Code` of the body: the class name, fixed here so minified code keeps it. */
  readonly code: string = 'ChaliceViewError';
}

/** 400: the request is malformed (also thrown by `request.jsonBody` on bad JSON). */
export class BadRequestError extends ChaliceViewError {
  override readonly statusCode = 400;
  override readonly code = 'BadRequestError';
}

/** 401: the caller is not authenticated. */
export class UnauthorizedError extends ChaliceViewError {
  override readonly statusCode = 401;
  override readonly code = 'UnauthorizedError';
}

/** 403: the caller may not do this. */
export class ForbiddenError extends ChaliceViewError {
  override readonly statusCode = 403;
  override readonly code = 'ForbiddenError';
}

/** 404: the thing asked for does not exist. */
export class NotFoundError extends ChaliceViewError {
  override readonly statusCode = 404;
  override readonly code = 'NotFoundError';
}

/** 405: the method is not supported here. */
export class MethodNotAllowedError extends ChaliceViewError {
  override readonly statusCode = 405;
  override readonly code = 'MethodNotAllowedError';
}

/** 408: the request took too long. */
export class RequestTimeoutError extends ChaliceViewError {
  override readonly statusCode = 408;
  override readonly code = 'RequestTimeoutError';
}

/** 409: the request conflicts with the current state. */
export class ConflictError extends ChaliceViewError {
  override readonly statusCode = 409;
  override readonly code = 'ConflictError';
}

/** 422: well-formed but semantically wrong. */
export class UnprocessableEntityError extends ChaliceViewError {
  override readonly statusCode = 422;
  override readonly code = 'UnprocessableEntityError';
}

/** 429: the caller sends too many requests. */
export class TooManyRequestsError extends ChaliceViewError {
  override readonly statusCode = 429;
  override readonly code = 'TooManyRequestsError';
}

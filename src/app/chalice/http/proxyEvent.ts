/** The request context API Gateway (REST, proxy integration) puts in each event; the fields Chalice reads. */
export interface ProxyRequestContext {
  readonly accountId: string;
  readonly apiId: string;
  readonly resourceId: string;
  readonly resourcePath: string;
  readonly httpMethod: string;
  readonly path: string;
  readonly stage: string;
  readonly requestId: string;
  readonly requestTime: string;
  readonly requestTimeEpoch: number;
  readonly protocol: string;
  readonly domainName: string;
  readonly identity: { readonly sourceIp: string; readonly userAgent: string | null };
  /** Set when an authorizer allowed the request: its context plus `principalId`. */
  readonly authorizer?: Readonly<Record<string, unknown>>;
}

/** An API Gateway REST proxy event, payload format 1.0: what a route's function receives. */
export interface ProxyEvent {
  readonly resource: string;
  readonly path: string;
  readonly httpMethod: string;
  readonly headers: Readonly<Record<string, string>> | null;
  readonly multiValueHeaders: Readonly<Record<string, readonly string[]>> | null;
  readonly queryStringParameters: Readonly<Record<string, string>> | null;
  readonly multiValueQueryStringParameters: Readonly<Record<string, readonly string[]>> | null;
  readonly pathParameters: Readonly<Record<string, string>> | null;
  readonly stageVariables: Readonly<Record<string, string>> | null;
  readonly requestContext: ProxyRequestContext;
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
}

/** What a route's function returns to API Gateway (proxy integration). */
export interface ProxyResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly multiValueHeaders: Readonly<Record<string, readonly string[]>>;
  readonly body: string;
  readonly isBase64Encoded?: boolean;
}

/** Longest `ErrorMessage` attribute the service attaches to a dead-lettered event, in bytes. */
export const DEAD_LETTER_MESSAGE_LIMIT = 1024;

/** A message attribute as SQS and SNS carry it. */
export interface MessageAttribute {
  readonly DataType: 'String' | 'Number';
  readonly StringValue: string;
}

/**
 * The attributes the service adds to a dead-lettered event: `RequestID`, `ErrorCode` (the status of
 * the last execution, `200` when the function ran and failed) and the first 1 KB of `ErrorMessage`.
 */
export function deadLetterAttributes(
  requestId: string,
  errorMessage: string,
  statusCode = 200,
): Record<string, MessageAttribute> {
  return {
    RequestID: { DataType: 'String', StringValue: requestId },
    ErrorCode: { DataType: 'Number', StringValue: String(statusCode) },
    ErrorMessage: { DataType: 'String', StringValue: truncateUtf8(errorMessage, DEAD_LETTER_MESSAGE_LIMIT) },
  };
}

function truncateUtf8(text: string, limit: number): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= limit) return text;
  return new TextDecoder().decode(bytes.slice(0, limit)).replace(/\uFFFD$/, '');
}

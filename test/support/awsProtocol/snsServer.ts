import { requestId, startProtocolServer, type ProtocolReply, type ProtocolServer } from './protocolServer.js';

/** A message the local SNS accepted, with its attributes decoded from the form. */
export interface PublishedWireMessage {
  readonly messageId: string;
  readonly topicArn: string;
  readonly message: string;
  readonly attributes: Readonly<Record<string, { DataType: string; StringValue?: string }>>;
  readonly groupId?: string;
  readonly deduplicationId?: string;
}

/** A local SNS speaking the AWS Query protocol (form-encoded `Action=Publish`, XML answers). */
export interface SnsServer extends ProtocolServer {
  readonly published: PublishedWireMessage[];
  /** Create a topic (a name ending in `.fifo` makes a FIFO topic); returns its ARN. */
  createTopic(name: string): string;
  /** The decoded form fields of every request of one action. */
  forms(action: string): Record<string, string>[];
}

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const ARN_PREFIX = 'arn:aws:sns:us-east-1:000000000000:';

/** Start a local SNS on 127.0.0.1; ListTopics answers `pageSize` topics a page to exercise paging. */
export async function startSnsServer(options: { pageSize?: number } = {}): Promise<SnsServer> {
  const topics: string[] = [];
  const published: PublishedWireMessage[] = [];
  const pageSize = options.pageSize ?? 100;
  const server = await startProtocolServer(() => ({
    operationOf: (_request, body) => new URLSearchParams(body).get('Action') ?? '',
    error: snsError,
    handle(action, body) {
      const form = Object.fromEntries(new URLSearchParams(body));
      switch (action) {
        case 'ListTopics': {
          const start = Number(form.NextToken ?? '0');
          const page = topics.slice(start, start + pageSize);
          const next = start + pageSize < topics.length ? `<NextToken>${start + pageSize}</NextToken>` : '';
          const members = page.map((arn) => `<member><TopicArn>${escapeXml(arn)}</TopicArn></member>`).join('');
          return xml('ListTopics', `<Topics>${members}</Topics>${next}`);
        }
        case 'Publish':
          return publish(form);
        default:
          return snsError(400, 'InvalidAction', `action ${action} is not supported here`);
      }
    },
  }));

  function publish(form: Record<string, string>): ProtocolReply {
    const topicArn = form.TopicArn ?? '';
    if (!topics.includes(topicArn)) return snsError(404, 'NotFound', 'Topic does not exist');
    const fifo = topicArn.endsWith('.fifo');
    if (fifo && form.MessageGroupId === undefined)
      return snsError(
        400,
        'InvalidParameter',
        'Invalid parameter: The MessageGroupId parameter is required for FIFO topics',
      );
    const message: PublishedWireMessage = {
      messageId: requestId(),
      topicArn,
      message: form.Message ?? '',
      attributes: attributesOf(form),
      ...(form.MessageGroupId === undefined ? {} : { groupId: form.MessageGroupId }),
      ...(form.MessageDeduplicationId === undefined ? {} : { deduplicationId: form.MessageDeduplicationId }),
    };
    published.push(message);
    const sequence = fifo ? `<SequenceNumber>${published.length}</SequenceNumber>` : '';
    return xml('Publish', `<MessageId>${message.messageId}</MessageId>${sequence}`);
  }

  return Object.assign(server, {
    published,
    createTopic(name: string) {
      topics.push(`${ARN_PREFIX}${name}`);
      return `${ARN_PREFIX}${name}`;
    },
    forms: (action: string) =>
      server.requests.filter((r) => r.operation === action).map((r) => Object.fromEntries(new URLSearchParams(r.body))),
  });
}

/**
 * `MessageAttributes.entry.N.Name` / `.Value.DataType` / `.Value.StringValue`, as the Query protocol flattens a map.
 */
function attributesOf(form: Record<string, string>): Record<string, { DataType: string; StringValue?: string }> {
  const attributes: Record<string, { DataType: string; StringValue?: string }> = {};
  for (let n = 1; form[`MessageAttributes.entry.${n}.Name`] !== undefined; n += 1) {
    const value = form[`MessageAttributes.entry.${n}.Value.StringValue`];
    attributes[form[`MessageAttributes.entry.${n}.Name`]!] = {
      DataType: form[`MessageAttributes.entry.${n}.Value.DataType`] ?? '',
      ...(value === undefined ? {} : { StringValue: value }),
    };
  }
  return attributes;
}

function xml(action: string, result: string): ProtocolReply {
  const body =
    `<${action}Response xmlns="${XMLNS}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, headers: { 'content-type': 'text/xml' }, body };
}

function snsError(status: number, code: string, message: string): ProtocolReply {
  const kind = status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${kind}</Type><Code>${code}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`;
  return { status, headers: { 'content-type': 'text/xml' }, body };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

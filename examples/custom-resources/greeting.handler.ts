// A custom resource that answers at once: Create returns an id, Update returns [id, data] for Fn::GetAtt.
import { z } from 'zod';
import { BaseHandler, type HandlerEvent } from 'statebridge';

const Greeting = z.object({
  Name: z.string().min(1),
  Repeat: z.number().int().min(1).max(5).default(1),
  Shout: z.boolean().default(false),
});
type GreetingProps = z.output<typeof Greeting>;

function message(props: GreetingProps): string {
  const text = `hello ${props.Name}`;
  return Array.from({ length: props.Repeat }, () => (props.Shout ? text.toUpperCase() : text)).join(' ');
}

class GreetingHandler extends BaseHandler<GreetingProps> {
  async create(event: HandlerEvent<GreetingProps>) {
    return [
      `greeting-${event.ResourceProperties.Name.toLowerCase()}`,
      { Message: message(event.ResourceProperties) },
    ] as const;
  }

  async update(event: HandlerEvent<GreetingProps>) {
    // A new Name is a new resource: returning a different id makes CloudFormation delete the old one later.
    return [
      `greeting-${event.ResourceProperties.Name.toLowerCase()}`,
      { Message: message(event.ResourceProperties) },
    ] as const;
  }

  async delete() {
    return undefined; // nothing to clean up; the id stays the one CloudFormation sent
  }
}

export const handler = new GreetingHandler({ properties: Greeting, provider: 'cloudformation' }).lambdaHandler;

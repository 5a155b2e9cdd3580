import { Registrar } from './registrar.js';
import type { RegistrationDraft } from './registration.js';

/**
 * A group of functions registered onto an app later, as Chalice's blueprints: sources are validated
 * when declared; names are checked (with the prefix) when `app.registerBlueprint` adds them.
 * @example
 * const admin = new Blueprint('admin');
 * admin.lambdaFunction(function report() { return 'ok'; });
 * app.registerBlueprint(admin, { namePrefix: 'admin_' });
 */
export class Blueprint extends Registrar {
  private readonly kept: RegistrationDraft[] = [];

  constructor(readonly importName = 'blueprint') {
    super();
  }

  /** The registrations declared so far, in order. */
  get drafts(): readonly RegistrationDraft[] {
    return [...this.kept];
  }

  protected add(draft: RegistrationDraft): void {
    this.kept.push(draft);
  }
}

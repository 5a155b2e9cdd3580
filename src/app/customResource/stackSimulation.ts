import type { Json } from '../../core/stepRecord.js';
import type { CustomResourceProvider } from '../../protocol/customResource/request.js';
import type { ResponseBody } from '../../protocol/customResource/responseBody.js';
import type { AppEnvironment } from '../environment.js';
import { handlerModuleFor, type HandlerModule, type HandlerModulePolicy } from './handlerModuleLocation.js';
import { dataNote, StackEventLog } from './stackEventLog.js';
import {
  StackRequests,
  type Installation,
  type ProviderRequestExtra,
  type ProviderRequestType,
} from './stackRequests.js';
import { loadStackTemplate, stringifyPrimitives, type StackTemplate, type TemplateResource } from './stackTemplate.js';
import { evaluateIntrinsics, type ResourceOutput } from './templateIntrinsics.js';

type Props = { readonly [key: string]: Json };

/** A resource the stack holds: the template entry, the id its last answer gave, the properties it has. */
interface LiveResource {
  readonly resource: TemplateResource;
  physicalId: string;
  properties: Props;
}

/** An Update that succeeded, with what rolling it back restores. */
interface UpdateDone {
  readonly item: LiveResource;
  readonly before: Props;
  readonly beforeId: string;
}

/**
 * One simulated stack: the resources it holds, keyed by logical id, and the provider's requests that change
 * them. Each request goes through this runtime as the provider would send it, and every step is printed.
 */
export class StackSimulation {
  private readonly live = new Map<string, LiveResource>();
  private readonly handlerFiles = new Map<string, HandlerModule>();
  // Outputs of created resources feed the properties of the next (Ref = id, GetAtt = Data), as in CloudFormation.
  private readonly outputs = new Map<string, ResourceOutput>();
  private readonly requests: StackRequests;
  private readonly log: StackEventLog;

  constructor(
    env: AppEnvironment,
    private readonly installed: Installation,
    private readonly provider: CustomResourceProvider,
    private readonly name: string,
    private readonly policy: HandlerModulePolicy,
  ) {
    this.requests = new StackRequests(env, installed, provider, name);
    this.log = new StackEventLog(env, name);
  }

  /** The instance of every request sent, in order. */
  get instances(): readonly string[] {
    return this.requests.instances;
  }

  /** Read a template and import its handler modules; every module is located (or refused) before any import. */
  async load(path: string): Promise<StackTemplate> {
    const template = await loadStackTemplate(path, this.provider);
    for (const r of template.resources)
      this.handlerFiles.set(this.handlerKey(path, r), handlerModuleFor(path, r, this.policy));
    for (const r of template.resources) {
      const module = this.handlerFiles.get(this.handlerKey(path, r))!;
      await this.installed.handlers.load(module.name, module.file, undefined, module.exportName);
    }
    return template;
  }

  /** Create every resource in order; a failed Create rolls the stack back (Delete of what exists, newest first). */
  async create(path: string): Promise<boolean> {
    const template = await this.load(path);
    this.log.note(`stack ${this.name} (${this.provider})`);
    for (const warning of template.warnings) this.log.note(`warning: ${warning}`);
    this.log.stack('CREATE_IN_PROGRESS');
    for (const r of template.resources) {
      this.log.resource(r.logicalId, r.type, 'CREATE_IN_PROGRESS');
      const props = this.propsOf(r, template);
      const answer = await this.send(path, r, 'Create', props);
      this.live.set(r.logicalId, { resource: r, physicalId: answer.PhysicalResourceId, properties: props });
      if (answer.Status === 'SUCCESS') {
        this.remember(r, answer);
        this.log.resource(r.logicalId, r.type, 'CREATE_COMPLETE', `id=${answer.PhysicalResourceId}${dataNote(answer)}`);
        continue;
      }
      this.log.resource(r.logicalId, r.type, 'CREATE_FAILED', answer.Reason ?? '');
      this.log.stack('ROLLBACK_IN_PROGRESS');
      await this.deleteAll(path, this.liveNewestFirst());
      this.log.stack('ROLLBACK_COMPLETE');
      return false;
    }
    this.log.stack('CREATE_COMPLETE');
    return true;
  }

  /**
   * Delete the whole stack, newest resource first. The stack's last status is DELETE_FAILED when anything
   * failed along the way, `earlierOk` false included (a failed update before the delete).
   */
  async delete(path: string, earlierOk = true): Promise<boolean> {
    this.log.stack('DELETE_IN_PROGRESS');
    const ok = (await this.deleteAll(path, this.liveNewestFirst())) && earlierOk;
    this.log.stack(ok ? 'DELETE_COMPLETE' : 'DELETE_FAILED');
    return ok;
  }

  /**
   * Move the stack to the template at `path`: Create new resources, Update changed ones, then Delete replaced
   * ids and removed resources. A failure rolls back what the update did.
   */
  async update(path: string): Promise<boolean> {
    const next = await this.load(path);
    for (const warning of next.warnings) this.log.note(`warning: ${warning}`);
    this.log.stack('UPDATE_IN_PROGRESS');
    const done: UpdateDone[] = [];
    const created: string[] = [];
    const cleanup: LiveResource[] = [];
    for (const r of next.resources) {
      const current = this.live.get(r.logicalId);
      const props = this.propsOf(r, next);
      if (current === undefined) {
        this.log.resource(r.logicalId, r.type, 'CREATE_IN_PROGRESS');
        const answer = await this.send(path, r, 'Create', props);
        if (answer.Status !== 'SUCCESS') {
          this.log.resource(r.logicalId, r.type, 'CREATE_FAILED', answer.Reason ?? '');
          await this.deleteAll(path, [{ resource: r, physicalId: answer.PhysicalResourceId, properties: props }]);
          return this.rollBack(path, done, created);
        }
        this.remember(r, answer);
        created.push(r.logicalId);
        this.live.set(r.logicalId, { resource: r, physicalId: answer.PhysicalResourceId, properties: props });
        this.log.resource(r.logicalId, r.type, 'CREATE_COMPLETE', `id=${answer.PhysicalResourceId}`);
        continue;
      }
      if (JSON.stringify(current.properties) === JSON.stringify(props)) continue;
      this.log.resource(r.logicalId, r.type, 'UPDATE_IN_PROGRESS');
      const answer = await this.send(path, r, 'Update', props, {
        PhysicalResourceId: current.physicalId,
        OldResourceProperties: current.properties,
      });
      if (answer.Status !== 'SUCCESS') {
        this.log.resource(r.logicalId, r.type, 'UPDATE_FAILED', answer.Reason ?? '');
        // CloudFormation rolls the failed resource back too, with its properties swapped.
        const failed = { item: { ...current, properties: props }, before: current.properties };
        return this.rollBack(path, [...done, { ...failed, beforeId: current.physicalId }], created);
      }
      done.push({ item: current, before: current.properties, beforeId: current.physicalId });
      this.remember(r, answer);
      if (answer.PhysicalResourceId !== current.physicalId) {
        cleanup.push({ resource: r, physicalId: current.physicalId, properties: props });
        const replaced = `replaced ${current.physicalId} → ${answer.PhysicalResourceId}`;
        this.log.resource(r.logicalId, r.type, 'UPDATE_COMPLETE', replaced);
      } else {
        const detail = `id=${answer.PhysicalResourceId}${dataNote(answer)}`;
        this.log.resource(r.logicalId, r.type, 'UPDATE_COMPLETE', detail);
      }
      this.live.set(r.logicalId, { resource: r, physicalId: answer.PhysicalResourceId, properties: props });
    }
    const kept = new Set(next.resources.map((r) => r.logicalId));
    const removed = [...this.live.values()].filter((l) => !kept.has(l.resource.logicalId));
    this.log.stack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    // The cleanup Delete of a replaced id carries the new properties, as CloudFormation's does.
    const cleaned = await this.deleteAll(path, [...cleanup, ...removed]);
    this.log.stack('UPDATE_COMPLETE');
    return cleaned;
  }

  /**
   * Undo a failed update: resources it added are removed; updated ones get an Update with their properties
   * swapped, newest first. Always false: the update did not happen.
   */
  async rollBack(path: string, done: readonly UpdateDone[], created: readonly string[]): Promise<boolean> {
    this.log.stack('UPDATE_ROLLBACK_IN_PROGRESS');
    const replacedDuringUpdate = created
      .map((id) => this.live.get(id))
      .filter((l): l is LiveResource => l !== undefined);
    for (const id of created) this.live.delete(id);
    for (const { item, before, beforeId } of [...done].reverse()) {
      const { logicalId, type } = item.resource;
      const now = this.live.get(logicalId)!;
      this.log.resource(logicalId, type, 'UPDATE_IN_PROGRESS', 'rollback: properties swapped');
      const back = await this.send(path, now.resource, 'Update', before, {
        PhysicalResourceId: now.physicalId,
        OldResourceProperties: now.properties,
      });
      const ok = back.Status === 'SUCCESS';
      this.log.resource(
        logicalId,
        type,
        ok ? 'UPDATE_COMPLETE' : 'UPDATE_FAILED',
        back.Reason ?? `id=${back.PhysicalResourceId}`,
      );
      if (ok && back.PhysicalResourceId !== now.physicalId) replacedDuringUpdate.push({ ...now });
      this.live.set(logicalId, {
        resource: item.resource,
        physicalId: ok ? back.PhysicalResourceId : beforeId,
        properties: before,
      });
    }
    if (replacedDuringUpdate.length > 0) {
      // What the failed update created (new resources, replacements) is deleted once the old ones are back.
      this.log.stack('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
      for (const item of replacedDuringUpdate) await this.deleteOne(path, item);
    }
    this.log.stack('UPDATE_ROLLBACK_COMPLETE');
    return false;
  }

  /** Delete `items` in order; a replaced resource's old id goes while the new one stays live under its logical id. */
  async deleteAll(path: string, items: readonly LiveResource[]): Promise<boolean> {
    let ok = true;
    for (const item of items) {
      ok = (await this.deleteOne(path, item)) && ok;
      if (this.live.get(item.resource.logicalId)?.physicalId === item.physicalId)
        this.live.delete(item.resource.logicalId);
    }
    return ok;
  }

  /** Send one request as the provider does and wait for its answer. */
  send(
    path: string,
    r: TemplateResource,
    type: ProviderRequestType,
    props: Props,
    extra: ProviderRequestExtra = {},
  ): Promise<ResponseBody> {
    return this.requests.send(this.handlerName(path, r), r, type, props, extra);
  }

  private async deleteOne(path: string, item: LiveResource): Promise<boolean> {
    const { logicalId, type } = item.resource;
    this.log.resource(logicalId, type, 'DELETE_IN_PROGRESS');
    const gone = await this.send(path, item.resource, 'Delete', item.properties, {
      PhysicalResourceId: item.physicalId,
    });
    const ok = gone.Status === 'SUCCESS';
    this.log.resource(
      logicalId,
      type,
      ok ? 'DELETE_COMPLETE' : 'DELETE_FAILED',
      gone.Reason ?? `id=${item.physicalId}`,
    );
    return ok;
  }

  private liveNewestFirst(): LiveResource[] {
    return [...this.live.values()].reverse();
  }

  private handlerKey(path: string, r: TemplateResource): string {
    return `${path}\0${r.logicalId}`;
  }

  private remember(r: TemplateResource, answer: ResponseBody): void {
    this.outputs.set(r.logicalId, { physicalId: answer.PhysicalResourceId, data: answer.Data ?? {} });
  }

  /** The properties sent for `r`: Ref, GetAtt and Sub evaluated against what was created so far. */
  private propsOf(r: TemplateResource, template: StackTemplate): Props {
    const values = new Map<string, Json>([
      ...template.parameters,
      ['AWS::StackName', this.name],
      ['AWS::StackId', this.requests.stackId],
      ['AWS::Region', 'local'],
      ['AWS::AccountId', '000000000000'],
      ['AWS::Partition', 'aws'],
    ]);
    const field = `Resources.${r.logicalId}.Properties`;
    return stringifyPrimitives(evaluateIntrinsics(r.properties, field, this.outputs, values)) as Props;
  }

  private handlerName(path: string, r: TemplateResource): string {
    return this.handlerFiles.get(this.handlerKey(path, r))?.name ?? '';
  }
}

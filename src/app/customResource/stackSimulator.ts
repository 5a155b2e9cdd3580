import { randomUUID } from 'node:crypto';
import { TOKEN_HEADER } from '../../adapters/http/requestGuard.js';
import type { Json } from '../../core/stepRecord.js';
import { requestInstanceId, type CustomResourceProvider } from '../../protocol/customResource/request.js';
import type { ResponseBody } from '../../protocol/customResource/responseBody.js';
import type { AppEnvironment } from '../environment.js';
import { handlerModuleFile, type HandlerModulePolicy } from './handlerModuleLocation.js';
import { customResourceInstallation } from './module.js';
import { receiveCustomResourceRequest } from './requestIntake.js';
import { ROS_ENDPOINT_PREFIX } from './rosEndpoint.js';
import { signRosRequest } from './rosSignature.js';
import { loadStackTemplate, type StackTemplate, type TemplateResource } from './stackTemplate.js';

type Props = { readonly [key: string]: Json };
interface Live {
  readonly resource: TemplateResource;
  physicalId: string;
  properties: Props;
}

/** What a simulation did: stack events printed, and the instance of every request sent. */
export interface SimulationResult {
  readonly ok: boolean;
  readonly instances: readonly string[];
}

/** Options of `stack simulate`. */
export interface SimulateOptions extends HandlerModulePolicy {
  readonly templatePath: string;
  readonly updatePath?: string;
  readonly delete?: boolean;
  readonly provider?: CustomResourceProvider;
  readonly stackName?: string;
}

/**
 * Play the provider side of CloudFormation (or ROS) for a template on this runtime: Create each custom
 * resource, optionally Update to a second template and Delete, rolling back as the provider does
 * (Delete with the FAILED answer's id after a failed Create; swapped-property Update after a failed
 * Update), printing stack events as they happen.
 */
export async function simulateStack(env: AppEnvironment, options: SimulateOptions): Promise<SimulationResult> {
  const installed = customResourceInstallation(env);
  if (installed === undefined) throw new Error('the custom resource module is not installed');
  const provider = options.provider ?? 'cloudformation';
  const name = options.stackName ?? 'simulated-stack';
  const stackId =
    provider === 'cloudformation'
      ? `arn:aws:cloudformation:local:000000000000:stack/${name}/${randomUUID()}`
      : randomUUID();
  const instances: string[] = [];
  const event = (logicalId: string, type: string, status: string, detail = '') => {
    const time = new Date(env.clock.now()).toISOString().slice(11, 23);
    env.log(`${time}  ${status.padEnd(44)} ${logicalId.padEnd(18)} ${type}${detail === '' ? '' : `  ${detail}`}`);
  };

  // Every module is located (and refused if outside the allowed folders) before any of them is imported.
  const handlerFiles = new Map<string, string>();
  const handlerName = (path: string, r: TemplateResource) => handlerFiles.get(`${path}\0${r.logicalId}`) ?? '';
  const load = async (path: string): Promise<StackTemplate> => {
    const template = await loadStackTemplate(path, provider);
    for (const r of template.resources)
      handlerFiles.set(`${path}\0${r.logicalId}`, handlerModuleFile(path, r.logicalId, r.modulePath, options));
    for (const r of template.resources) await installed.handlers.load(handlerName(path, r), handlerName(path, r));
    return template;
  };

  const send = async (
    path: string,
    r: TemplateResource,
    type: 'Create' | 'Update' | 'Delete',
    props: Props,
    extra: { PhysicalResourceId?: string; OldResourceProperties?: Props } = {},
  ): Promise<ResponseBody> => {
    const requestId = randomUUID();
    const handler = handlerName(path, r);
    instances.push(requestInstanceId(provider, stackId, requestId));
    const request = {
      RequestType: type,
      RequestId: requestId,
      StackId: stackId,
      LogicalResourceId: r.logicalId,
      ResourceType: r.type,
      ...extra,
      ResourceProperties: props,
      ...(provider === 'cloudformation'
        ? { ServiceToken: r.properties['ServiceToken'] ?? null }
        : { StackName: name, RegionId: 'local', ResourceOwnerId: '0', CallerId: '0' }),
      ...(r.sync ? {} : { ResponseURL: installed.inbox.urlFor(requestId) }),
    };
    if (provider === 'cloudformation') {
      await receiveCustomResourceRequest({ runtime: env.runtime, handlers: installed.handlers }, request, {
        provider,
        handler,
      });
    } else {
      const timeout = r.timeoutSeconds === undefined ? '' : `timeout=${r.timeoutSeconds}`;
      const query = `${r.sync ? 'mode=sync&' : ''}${timeout}`;
      const url = `${env.http.baseUrl()}${ROS_ENDPOINT_PREFIX}${encodeURIComponent(handler)}?${query}`;
      // A resource with HttpConfig.SignKey is signed as ROS signs it; the others carry the process token.
      const signing = r.signing === undefined ? undefined : { ...r.signing, serviceUrl: url };
      if (signing !== undefined) installed.rosSigning.set(handler, signing);
      const body =
        signing === undefined
          ? request
          : { ...request, Signature: signRosRequest(request, signing, url, env.clock.now()) };
      const headers = {
        'content-type': 'application/json',
        ...(signing === undefined ? { [TOKEN_HEADER]: env.http.token } : {}),
      };
      const reply = await fetch(url, { method: 'POST', body: JSON.stringify(body), headers });
      if (!reply.ok) throw new Error(`ROS endpoint refused the request: ${await reply.text()}`);
      if (r.sync) return (await reply.json()) as ResponseBody;
    }
    const received = await installed.inbox.waitFor(requestId, 3_700_000);
    return JSON.parse(received.body) as ResponseBody;
  };

  const live = new Map<string, Live>();
  const template = await load(options.templatePath);
  env.log(`stack ${name} (${provider})`);
  event(name, 'Stack', 'CREATE_IN_PROGRESS');
  for (const r of template.resources) {
    event(r.logicalId, r.type, 'CREATE_IN_PROGRESS');
    const answer = await send(options.templatePath, r, 'Create', r.properties);
    if (answer.Status === 'SUCCESS') {
      live.set(r.logicalId, { resource: r, physicalId: answer.PhysicalResourceId, properties: r.properties });
      event(r.logicalId, r.type, 'CREATE_COMPLETE', `id=${answer.PhysicalResourceId}${dataNote(answer)}`);
      continue;
    }
    event(r.logicalId, r.type, 'CREATE_FAILED', answer.Reason ?? '');
    event(name, 'Stack', 'ROLLBACK_IN_PROGRESS');
    live.set(r.logicalId, { resource: r, physicalId: answer.PhysicalResourceId, properties: r.properties });
    await deleteAll(options.templatePath, [...live.values()].reverse());
    event(name, 'Stack', 'ROLLBACK_COMPLETE');
    return { ok: false, instances };
  }
  event(name, 'Stack', 'CREATE_COMPLETE');

  async function deleteAll(path: string, items: readonly Live[]): Promise<boolean> {
    let ok = true;
    for (const item of items) {
      event(item.resource.logicalId, item.resource.type, 'DELETE_IN_PROGRESS');
      const answer = await send(path, item.resource, 'Delete', item.properties, {
        PhysicalResourceId: item.physicalId,
      });
      ok &&= answer.Status === 'SUCCESS';
      event(
        item.resource.logicalId,
        item.resource.type,
        answer.Status === 'SUCCESS' ? 'DELETE_COMPLETE' : 'DELETE_FAILED',
        answer.Reason ?? `id=${item.physicalId}`,
      );
      // A replaced resource's old id is deleted while the new one stays live under the same logical id.
      if (live.get(item.resource.logicalId)?.physicalId === item.physicalId) live.delete(item.resource.logicalId);
    }
    return ok;
  }

  let ok = true;
  if (options.updatePath !== undefined) ok = await runUpdate(options.updatePath);
  if (options.delete === true) {
    event(name, 'Stack', 'DELETE_IN_PROGRESS');
    ok = (await deleteAll(options.updatePath ?? options.templatePath, [...live.values()].reverse())) && ok;
    event(name, 'Stack', ok ? 'DELETE_COMPLETE' : 'DELETE_FAILED');
  }
  return { ok, instances };

  async function runUpdate(path: string): Promise<boolean> {
    const next = await load(path);
    event(name, 'Stack', 'UPDATE_IN_PROGRESS');
    const done: { item: Live; before: Props; beforeId: string }[] = [];
    const created: string[] = [];
    const cleanup: Live[] = [];
    for (const r of next.resources) {
      const current = live.get(r.logicalId);
      if (current === undefined) {
        event(r.logicalId, r.type, 'CREATE_IN_PROGRESS');
        const answer = await send(path, r, 'Create', r.properties);
        if (answer.Status !== 'SUCCESS') {
          event(r.logicalId, r.type, 'CREATE_FAILED', answer.Reason ?? '');
          await deleteAll(path, [{ resource: r, physicalId: answer.PhysicalResourceId, properties: r.properties }]);
          return rollBack(path, done, created);
        }
        created.push(r.logicalId);
        live.set(r.logicalId, { resource: r, physicalId: answer.PhysicalResourceId, properties: r.properties });
        event(r.logicalId, r.type, 'CREATE_COMPLETE', `id=${answer.PhysicalResourceId}`);
        continue;
      }
      if (JSON.stringify(current.properties) === JSON.stringify(r.properties)) continue;
      event(r.logicalId, r.type, 'UPDATE_IN_PROGRESS');
      const answer = await send(path, r, 'Update', r.properties, {
        PhysicalResourceId: current.physicalId,
        OldResourceProperties: current.properties,
      });
      if (answer.Status !== 'SUCCESS') {
        event(r.logicalId, r.type, 'UPDATE_FAILED', answer.Reason ?? '');
        // CloudFormation rolls the failed resource back too, with its properties swapped.
        return rollBack(
          path,
          [
            ...done,
            {
              item: { ...current, properties: r.properties },
              before: current.properties,
              beforeId: current.physicalId,
            },
          ],
          created,
        );
      }
      done.push({ item: current, before: current.properties, beforeId: current.physicalId });
      if (answer.PhysicalResourceId !== current.physicalId) {
        cleanup.push({ resource: r, physicalId: current.physicalId, properties: r.properties });
        event(r.logicalId, r.type, 'UPDATE_COMPLETE', `replaced ${current.physicalId} → ${answer.PhysicalResourceId}`);
      } else event(r.logicalId, r.type, 'UPDATE_COMPLETE', `id=${answer.PhysicalResourceId}${dataNote(answer)}`);
      live.set(r.logicalId, { resource: r, physicalId: answer.PhysicalResourceId, properties: r.properties });
    }
    const removed = [...live.values()].filter((l) => !next.resources.some((r) => r.logicalId === l.resource.logicalId));
    event(name, 'Stack', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    // The cleanup Delete of a replaced id carries the new properties, as CloudFormation's does.
    const cleaned = await deleteAll(path, [...cleanup, ...removed]);
    event(name, 'Stack', 'UPDATE_COMPLETE');
    return cleaned;
  }

  async function rollBack(
    path: string,
    done: readonly { item: Live; before: Props; beforeId: string }[],
    created: readonly string[],
  ): Promise<boolean> {
    event(name, 'Stack', 'UPDATE_ROLLBACK_IN_PROGRESS');
    // Resources the update added are removed; updated ones get an Update with their properties swapped.
    const replacedDuringUpdate: Live[] = created.map((id) => live.get(id)).filter((l): l is Live => l !== undefined);
    for (const id of created) live.delete(id);
    for (const { item, before, beforeId } of [...done].reverse()) {
      const now = live.get(item.resource.logicalId)!;
      event(item.resource.logicalId, item.resource.type, 'UPDATE_IN_PROGRESS', 'rollback: properties swapped');
      const back = await send(path, now.resource, 'Update', before, {
        PhysicalResourceId: now.physicalId,
        OldResourceProperties: now.properties,
      });
      event(
        item.resource.logicalId,
        item.resource.type,
        back.Status === 'SUCCESS' ? 'UPDATE_COMPLETE' : 'UPDATE_FAILED',
        back.Reason ?? `id=${back.PhysicalResourceId}`,
      );
      if (back.Status === 'SUCCESS' && back.PhysicalResourceId !== now.physicalId)
        replacedDuringUpdate.push({ ...now });
      live.set(item.resource.logicalId, {
        resource: item.resource,
        physicalId: back.Status === 'SUCCESS' ? back.PhysicalResourceId : beforeId,
        properties: before,
      });
    }
    if (replacedDuringUpdate.length > 0) {
      // What the failed update created (new resources, replacements) is deleted once the old ones are back.
      event(name, 'Stack', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
      for (const item of replacedDuringUpdate) {
        event(item.resource.logicalId, item.resource.type, 'DELETE_IN_PROGRESS');
        const gone = await send(path, item.resource, 'Delete', item.properties, {
          PhysicalResourceId: item.physicalId,
        });
        event(
          item.resource.logicalId,
          item.resource.type,
          gone.Status === 'SUCCESS' ? 'DELETE_COMPLETE' : 'DELETE_FAILED',
          gone.Reason ?? `id=${item.physicalId}`,
        );
      }
    }
    event(name, 'Stack', 'UPDATE_ROLLBACK_COMPLETE');
    return false;
  }
}

function dataNote(answer: ResponseBody): string {
  if (answer.Data === undefined) return '';
  return answer.NoEcho === true ? '  Data: (NoEcho)' : `  Data keys: ${Object.keys(answer.Data).join(', ')}`;
}

import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { ValidationError } from '../../core/errors.js';

/** Where `stack simulate` may load handler modules from, besides the template's own folder. */
export interface HandlerModulePolicy {
  /** Logical id → module path (relative to the working directory): `--handler Logical=./file.ts`. */
  readonly handlerPaths?: Readonly<Record<string, string>>;
  /** More folders whose modules may be loaded: `--allow-module-dir DIR`. */
  readonly allowModuleDirs?: readonly string[];
}

/**
 * The file to import for one resource's ServiceToken. A template names code to run, so it may only name
 * files inside its own folder (after symlinks are followed) or inside a folder allowed on the command
 * line; a path given with `--handler` is trusted as given. Throws a ValidationError naming the field.
 */
function handlerModuleFile(
  templatePath: string,
  logicalId: string,
  modulePath: string,
  policy: HandlerModulePolicy = {},
): string {
  const override = policy.handlerPaths?.[logicalId];
  if (override !== undefined) return existing(resolve(override), `--handler ${logicalId}`);
  const field = `Resources.${logicalId}.Properties.ServiceToken`;
  const templateDir = realpathSync(dirname(resolve(templatePath)));
  const file = existing(isAbsolute(modulePath) ? modulePath : resolve(templateDir, modulePath), field);
  const allowed = [
    templateDir,
    ...(policy.allowModuleDirs ?? []).map((d) => existing(resolve(d), '--allow-module-dir')),
  ];
  if (!allowed.some((dir) => inside(dir, file))) {
    throw new ValidationError('stack template', [
      {
        path: field,
        rule:
          `must name a module inside the template's folder (${templateDir}); give ` +
          `--handler ${logicalId}=PATH or --allow-module-dir DIR to use "${modulePath}"`,
      },
    ]);
  }
  return file;
}

/** A resolved handler: the file to import, the export to use, and the name it is registered under. */
export interface HandlerModule {
  readonly file: string;
  readonly exportName?: string;
  /** `file` or `file#export`: the handler name requests record, so a restart finds the same code. */
  readonly name: string;
}

/**
 * The handler module for one template resource: its `--handler` mapping when given (`PATH` or
 * `PATH#export`), else its ServiceToken. A token that names no local module (an ARN, `!GetAtt`) without
 * a mapping is refused, saying how to map it.
 */
export function handlerModuleFor(
  templatePath: string,
  resource: {
    readonly logicalId: string;
    readonly modulePath: string;
    readonly exportName?: string;
    readonly notLocal?: string;
  },
  policy: HandlerModulePolicy = {},
): HandlerModule {
  const override = policy.handlerPaths?.[resource.logicalId];
  if (override === undefined && resource.notLocal !== undefined)
    throw new ValidationError('stack template', [
      { path: `Resources.${resource.logicalId}.Properties.ServiceToken`, rule: resource.notLocal },
    ]);
  const hash = override === undefined ? -1 : override.lastIndexOf('#');
  const exportName = override === undefined ? resource.exportName : hash < 0 ? undefined : override.slice(hash + 1);
  const policyPaths =
    override === undefined || hash < 0
      ? policy
      : { ...policy, handlerPaths: { ...policy.handlerPaths, [resource.logicalId]: override.slice(0, hash) } };
  const file = handlerModuleFile(templatePath, resource.logicalId, resource.modulePath, policyPaths);
  return exportName === undefined || exportName === ''
    ? { file, name: file }
    : { file, exportName, name: `${file}#${exportName}` };
}

function existing(path: string, field: string): string {
  try {
    return realpathSync(path);
  } catch {
    throw new ValidationError('stack template', [{ path: field, rule: `names "${path}", which does not exist` }]);
  }
}

function inside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

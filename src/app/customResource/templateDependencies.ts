import { ValidationError } from '../../core/errors.js';
import type { Json } from '../../core/stepRecord.js';
import { referencedNames } from './templateIntrinsics.js';

/** One resource of a template as dependency ordering sees it, whatever its type. */
interface DependencyNode {
  readonly logicalId: string;
  readonly dependsOn: unknown;
  readonly properties: Json | undefined;
}

const invalid = (path: string, rule: string) => new ValidationError('stack template', [{ path, rule }]);

/**
 * Order every resource of a template so each comes after what it depends on: `DependsOn` and the
 * implicit dependencies of Ref, Fn::GetAtt and Fn::Sub, as CloudFormation orders them. A DependsOn that
 * names no resource of the template, or a cycle, is refused naming the resources, as CloudFormation
 * refuses the template.
 */
export function orderByDependencies(nodes: readonly DependencyNode[]): string[] {
  const ids = new Set(nodes.map((n) => n.logicalId));
  const edges = new Map<string, string[]>();
  for (const node of nodes) {
    const explicit = explicitDependencies(node);
    const missing = explicit.filter((dep) => !ids.has(dep));
    if (missing.length > 0)
      throw invalid(
        `Resources.${node.logicalId}.DependsOn`,
        `names ${missing.map((m) => `"${m}"`).join(', ')}, ` +
          `which ${missing.length === 1 ? 'is' : 'are'} not a resource of this template`,
      );
    // Refs to parameters and pseudo parameters are not resources; they order nothing.
    const implicit = referencedNames(node.properties).filter((name) => ids.has(name));
    edges.set(node.logicalId, [...new Set([...explicit, ...implicit])]);
  }
  const done = new Set<string>();
  const path: string[] = [];
  const ordered: string[] = [];
  const visit = (id: string): void => {
    if (done.has(id)) return;
    const at = path.indexOf(id);
    if (at >= 0) {
      const cycle = [...path.slice(at), id];
      throw invalid(`Resources.${id}.DependsOn`, `forms a dependency cycle: ${cycle.join(' → ')}`);
    }
    path.push(id);
    for (const dep of edges.get(id) ?? []) visit(dep);
    path.pop();
    done.add(id);
    ordered.push(id);
  };
  nodes.forEach((n) => visit(n.logicalId));
  return ordered;
}

function explicitDependencies(node: DependencyNode): string[] {
  const value = node.dependsOn;
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw invalid(`Resources.${node.logicalId}.DependsOn`, 'must be a logical id or a list of logical ids');
}

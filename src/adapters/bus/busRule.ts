import type { ValidationIssue } from '../../core/errors.js';
import type { BusRule } from '../../ports/ruleBus.js';
import { ValidationError } from '../../core/errors.js';
import { eventPatternIssues } from '../../protocol/eventPattern.js';
import { inputTransformerIssues } from '../../protocol/inputTransformer.js';

export type { BusRule, BusTarget } from '../../ports/ruleBus.js';

/** EventBridge's limit on targets per rule. */
const MAX_TARGETS_PER_RULE = 5;

/**
 * Every reason EventBridge would refuse this rule in PutRule/PutTargets: its name, its pattern, the
 * number of targets, and each target's id and input settings.
 */
function busRuleIssues(rule: BusRule): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(rule.name)) {
    issues.push({ path: 'name', rule: 'must be 1-64 characters of letters, digits, ".", "-" and "_"' });
  }
  for (const issue of eventPatternIssues(rule.eventPattern)) {
    issues.push({ path: issue.path === '' ? 'eventPattern' : `eventPattern.${issue.path}`, rule: issue.rule });
  }
  if (rule.targets.length > MAX_TARGETS_PER_RULE) {
    issues.push({
      path: 'targets',
      rule: `at most ${MAX_TARGETS_PER_RULE} targets per rule, got ${rule.targets.length}`,
    });
  }
  const seen = new Set<string>();
  rule.targets.forEach((target, i) => {
    const at = `targets[${i}]`;
    if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(target.id))
      issues.push({ path: `${at}.id`, rule: 'must be 1-64 characters of letters, digits, ".", "-" and "_"' });
    if (seen.has(target.id)) issues.push({ path: `${at}.id`, rule: `duplicate target id "${target.id}"` });
    seen.add(target.id);
    const shapers = [
      target.input !== undefined,
      target.inputPath !== undefined,
      target.inputTransformer !== undefined,
    ].filter(Boolean);
    if (shapers.length > 1)
      issues.push({ path: at, rule: 'input, inputPath and inputTransformer are mutually exclusive' });
    if (target.inputPath !== undefined && !/^\$(\.[^.[\]]+|\[\d+\])*$/.test(target.inputPath)) {
      issues.push({ path: `${at}.inputPath`, rule: `"${target.inputPath}" must be a JSONPath such as $.detail` });
    }
    if (target.inputTransformer !== undefined) {
      for (const issue of inputTransformerIssues(target.inputTransformer))
        issues.push({ path: `${at}.inputTransformer.${issue.path}`, rule: issue.rule });
    }
  });
  return issues;
}

/** Throw a ValidationError naming every problem when EventBridge would refuse `rule`. */
export function validateBusRule(rule: BusRule): BusRule {
  const issues = busRuleIssues(rule);
  if (issues.length > 0) throw new ValidationError(`rule ${JSON.stringify(rule.name)}`, issues);
  return rule;
}

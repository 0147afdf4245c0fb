import type { CommandParams } from '@dtwin/contracts/commands';
import type { CommandDefinition } from '@dtwin/contracts/models';

/**
 * Checks a command's parameters against the model's definition of that command. Returns the
 * problems by parameter name (empty when the parameters are acceptable).
 */
export function checkCommandParams(
  definition: CommandDefinition,
  params: CommandParams,
): Record<string, string> {
  const problems: Record<string, string> = {};
  const known = new Map(definition.params.map((p) => [p.name, p]));
  for (const name of Object.keys(params))
    if (!known.has(name)) problems[`params.${name}`] = `'${definition.name}' has no parameter '${name}'`;
  for (const p of definition.params) {
    const key = `params.${p.name}`;
    const value = params[p.name];
    if (value === undefined) {
      if (p.required) problems[key] = 'is required';
      continue;
    }
    switch (p.type) {
      case 'boolean':
        if (typeof value !== 'boolean') problems[key] = 'must be true or false';
        break;
      case 'string':
        if (typeof value !== 'string') problems[key] = 'must be a string';
        else if (p.enum && !p.enum.includes(value)) problems[key] = `must be one of ${p.enum.join(', ')}`;
        else if (value.length > (p.max_length ?? 256))
          problems[key] = `must be at most ${p.max_length ?? 256} characters`;
        break;
      case 'number':
      case 'integer':
        if (typeof value !== 'number' || !Number.isFinite(value)) problems[key] = 'must be a number';
        else if (p.type === 'integer' && !Number.isInteger(value)) problems[key] = 'must be a whole number';
        else if (p.min !== undefined && value < p.min) problems[key] = `must be at least ${p.min}`;
        else if (p.max !== undefined && value > p.max) problems[key] = `must be at most ${p.max}`;
        break;
    }
  }
  return problems;
}

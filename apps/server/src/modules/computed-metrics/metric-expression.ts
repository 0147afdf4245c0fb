import { computedMetricLimits } from '@dtwin/contracts/computed-metrics';
import jsep, { type Expression } from 'jsep';

/**
 * Expressions of computed metrics. jsep only parses (it evaluates nothing); the tree is then
 * checked against a small closed grammar and evaluated here by a walk over plain numbers, so no
 * text of a user ever reaches `eval`, `Function`, a property look-up on a real object or a
 * prototype.
 */

/** Where a subtree aggregate reads from: the child assets' computed metrics, or the subtree's devices. */
export type Collection = 'children' | 'devices';

const aggregates = {
  // No value at all is no total (not a misleading 0): the result is missing, as for mean.
  sum: (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) : undefined),
  mean: (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined),
  min: (xs: number[]) => (xs.length ? Math.min(...xs) : undefined),
  max: (xs: number[]) => (xs.length ? Math.max(...xs) : undefined),
  count: (xs: number[]) => xs.length,
} as const satisfies Record<string, (xs: number[]) => number | undefined>;

const scalars = {
  abs: [1, Math.abs],
  sqrt: [1, Math.sqrt],
  round: [1, Math.round],
  floor: [1, Math.floor],
  ceil: [1, Math.ceil],
  log: [1, Math.log],
  exp: [1, Math.exp],
  pow: [2, Math.pow],
} as const satisfies Record<string, readonly [number, (...xs: number[]) => number]>;

const binary = {
  '+': (a: number, b: number) => a + b,
  '-': (a: number, b: number) => a - b,
  '*': (a: number, b: number) => a * b,
  '/': (a: number, b: number) => a / b,
  '%': (a: number, b: number) => a % b,
} as const;

type AggregateName = keyof typeof aggregates;
type ScalarName = keyof typeof scalars;
type BinaryOp = keyof typeof binary;

/** The checked tree: only these shapes exist after `compileExpression`. */
export type Node =
  | { kind: 'number'; value: number }
  | { kind: 'own'; metric: string }
  | { kind: 'aggregate'; fn: AggregateName; from: Collection; metric: string }
  | { kind: 'scalar'; fn: ScalarName; args: Node[] }
  | { kind: 'minmax'; fn: 'min' | 'max'; args: Node[] }
  | { kind: 'binary'; op: BinaryOp; left: Node; right: Node }
  | { kind: 'negate'; arg: Node };

export interface CompiledExpression {
  root: Node;
  /** Plain names: the subject's own metrics. */
  own: Set<string>;
  /** `children.<metric>` and `devices.<metric>` names. */
  children: Set<string>;
  devices: Set<string>;
}

/** A refused expression; `message` names the problem for the person who wrote it. */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

const has = <T extends object>(table: T, key: string): key is Extract<keyof T, string> =>
  Object.prototype.hasOwnProperty.call(table, key);

const NAME = /^[a-z][a-z0-9_]{0,63}$/;
const functionList = [...Object.keys(aggregates), ...Object.keys(scalars)].join(', ');

export function compileExpression(text: string): CompiledExpression {
  const { expressionLength, expressionDepth, expressionNodes } = computedMetricLimits;
  if (text.length > expressionLength)
    throw new ExpressionError(`the expression is too long (at most ${expressionLength} characters)`);
  let tree: Expression;
  try {
    tree = jsep(text);
  } catch (err) {
    const { index, description } = err as { index?: number; description?: string };
    throw new ExpressionError(
      `syntax error at position ${(index ?? 0) + 1}: ${description ?? (err as Error).message}`,
    );
  }
  const out: CompiledExpression = {
    root: { kind: 'number', value: 0 },
    own: new Set(),
    children: new Set(),
    devices: new Set(),
  };
  let nodes = 0;

  function collectionRef(arg: Expression | undefined, fn: string): { from: Collection; metric: string } {
    const object = arg?.object as Expression | undefined;
    const property = arg?.property as Expression | undefined;
    if (
      arg?.type !== 'MemberExpression' ||
      arg.computed ||
      object?.type !== 'Identifier' ||
      property?.type !== 'Identifier'
    )
      throw new ExpressionError(`${fn}() takes one argument: children.<metric> or devices.<metric>`);
    const from = object.name as string;
    const metric = property.name as string;
    if (from !== 'children' && from !== 'devices')
      throw new ExpressionError(
        `unknown reference '${from}.${metric}': use children.<metric> or devices.<metric>`,
      );
    if (!NAME.test(metric)) throw new ExpressionError(`'${metric}' is not a metric name`);
    out[from].add(metric);
    return { from, metric };
  }

  function check(node: Expression, depth: number): Node {
    nodes += 1;
    if (nodes > expressionNodes)
      throw new ExpressionError(`the expression is too large (at most ${expressionNodes} terms)`);
    if (depth > expressionDepth)
      throw new ExpressionError(`the expression is nested too deeply (at most ${expressionDepth} levels)`);
    switch (node.type) {
      case 'Literal':
        if (typeof node.value !== 'number' || !Number.isFinite(node.value))
          throw new ExpressionError(`only numbers are allowed as constants, not ${String(node.raw)}`);
        return { kind: 'number', value: node.value };
      case 'Identifier': {
        const name = node.name as string;
        if (name === 'children' || name === 'devices')
          throw new ExpressionError(`'${name}' needs a metric and an aggregate, e.g. sum(${name}.power)`);
        if (!NAME.test(name)) throw new ExpressionError(`'${name}' is not a metric name`);
        out.own.add(name);
        return { kind: 'own', metric: name };
      }
      case 'MemberExpression':
        throw new ExpressionError(
          'children.<metric> and devices.<metric> are only allowed inside sum, mean, min, max or count',
        );
      case 'UnaryExpression': {
        const arg = check(node.argument as Expression, depth + 1);
        if (node.operator === '-') return { kind: 'negate', arg };
        if (node.operator === '+') return arg;
        throw new ExpressionError(`the operator '${String(node.operator)}' is not allowed`);
      }
      case 'BinaryExpression': {
        const op = node.operator as string;
        if (!has(binary, op))
          throw new ExpressionError(`the operator '${op}' is not allowed (use + - * / %)`);
        return {
          kind: 'binary',
          op,
          left: check(node.left as Expression, depth + 1),
          right: check(node.right as Expression, depth + 1),
        };
      }
      case 'CallExpression': {
        const callee = node.callee as Expression;
        const args = node.arguments as Expression[];
        const fn = callee.type === 'Identifier' ? (callee.name as string) : '';
        if (!fn) throw new ExpressionError('only named functions can be called');
        const first = args[0];
        const collection = first?.type === 'MemberExpression';
        if ((fn === 'min' || fn === 'max') && !collection) {
          if (args.length < 2) throw new ExpressionError(`${fn}() takes a collection or at least two values`);
          return { kind: 'minmax', fn, args: args.map((a) => check(a, depth + 1)) };
        }
        if (has(aggregates, fn)) {
          if (args.length !== 1) throw new ExpressionError(`${fn}() takes exactly one argument`);
          nodes += 1;
          return { kind: 'aggregate', fn, ...collectionRef(first, fn) };
        }
        if (has(scalars, fn)) {
          const arity = scalars[fn][0];
          if (args.length !== arity)
            throw new ExpressionError(`${fn}() takes ${arity} argument${arity > 1 ? 's' : ''}`);
          return { kind: 'scalar', fn, args: args.map((a) => check(a, depth + 1)) };
        }
        throw new ExpressionError(`unknown function '${fn}' (known: ${functionList})`);
      }
      default:
        throw new ExpressionError(`${describe(node.type)} is not allowed in an expression`);
    }
  }

  out.root = check(tree, 1);
  return out;
}

function describe(type: string): string {
  switch (type) {
    case 'Compound':
      return 'more than one expression';
    case 'ConditionalExpression':
      return 'a conditional (?:)';
    case 'ArrayExpression':
      return 'an array';
    case 'ThisExpression':
      return "'this'";
    default:
      return type;
  }
}

/** What an evaluation reads: values that are missing make the result missing (undefined). */
export interface ExpressionInputs {
  own(metric: string): number | undefined;
  collection(from: Collection, metric: string): number[];
}

/** The value, or undefined when an input is missing or the result is not a finite number. */
export function evaluateExpression(
  compiled: CompiledExpression,
  inputs: ExpressionInputs,
): number | undefined {
  function walk(node: Node): number | undefined {
    switch (node.kind) {
      case 'number':
        return node.value;
      case 'own':
        return inputs.own(node.metric);
      case 'aggregate':
        return aggregates[node.fn](inputs.collection(node.from, node.metric));
      case 'negate': {
        const v = walk(node.arg);
        return v === undefined ? undefined : -v;
      }
      case 'binary': {
        const a = walk(node.left);
        const b = walk(node.right);
        return a === undefined || b === undefined ? undefined : binary[node.op](a, b);
      }
      case 'scalar':
      case 'minmax': {
        const values: number[] = [];
        for (const arg of node.args) {
          const v = walk(arg);
          if (v === undefined) return undefined;
          values.push(v);
        }
        if (node.kind === 'minmax') return node.fn === 'min' ? Math.min(...values) : Math.max(...values);
        return (scalars[node.fn][1] as (...xs: number[]) => number)(...values);
      }
    }
  }
  const value = walk(compiled.root);
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

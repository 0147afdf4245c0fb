/** Ridge regression on centred features: `y ≈ bias + Σ w_j x_j`, solved by Cholesky. */
export function fitRidge(x: number[][], y: number[], lambda: number): { weights: number[]; bias: number } {
  const n = x.length;
  const d = x[0]?.length ?? 0;
  if (n === 0) return { weights: new Array<number>(d).fill(0), bias: 0 };
  const mx = new Array<number>(d).fill(0);
  let my = 0;
  for (let i = 0; i < n; i++) {
    my += y[i]!;
    for (let j = 0; j < d; j++) mx[j]! += x[i]![j]!;
  }
  my /= n;
  for (let j = 0; j < d; j++) mx[j]! /= n;
  const a = Array.from({ length: d }, () => new Float64Array(d));
  const b = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = x[i]!;
    const yc = y[i]! - my;
    for (let j = 0; j < d; j++) {
      const xj = row[j]! - mx[j]!;
      b[j]! += xj * yc;
      const aj = a[j]!;
      for (let k = 0; k <= j; k++) aj[k]! += xj * (row[k]! - mx[k]!);
    }
  }
  for (let j = 0; j < d; j++) {
    a[j]![j]! += lambda * n;
    for (let k = 0; k < j; k++) a[k]![j] = a[j]![k]!;
  }
  // Cholesky: a = L Lᵀ (a is positive definite thanks to the ridge term).
  const l = Array.from({ length: d }, () => new Float64Array(d));
  for (let j = 0; j < d; j++) {
    for (let k = 0; k <= j; k++) {
      let s = a[j]![k]!;
      for (let m = 0; m < k; m++) s -= l[j]![m]! * l[k]![m]!;
      l[j]![k] = j === k ? Math.sqrt(Math.max(s, 1e-12)) : s / l[k]![k]!;
    }
  }
  const z = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let s = b[j]!;
    for (let m = 0; m < j; m++) s -= l[j]![m]! * z[m]!;
    z[j] = s / l[j]![j]!;
  }
  const w = new Array<number>(d).fill(0);
  for (let j = d - 1; j >= 0; j--) {
    let s = z[j]!;
    for (let m = j + 1; m < d; m++) s -= l[m]![j]! * w[m]!;
    w[j] = s / l[j]![j]!;
  }
  const bias = my - w.reduce((acc, wj, j) => acc + wj * mx[j]!, 0);
  return { weights: w, bias };
}

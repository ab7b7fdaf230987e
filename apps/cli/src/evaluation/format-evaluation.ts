import { formatQuantity } from '../cli/format-number';
import type { EvaluationReport } from './evaluate-model';

/** The report as aligned lines for people. */
export function formatEvaluation(report: EvaluationReport, description: string): string {
  const { costs, nll, inverseError, mmd, densityIntegral } = report;
  const rows: [string, string][] = [
    ['NLL (mean C)', `${formatQuantity(nll.mean)} ± ${formatQuantity(nll.standardError, 2)} nats`],
    ['J', `${formatQuantity(costs.J)}  (alph ${costs.alph.join(', ')})`],
    ['L (transport)', formatQuantity(costs.L)],
    ['C (mean NLL)', formatQuantity(costs.C)],
    ['R (HJB)', formatQuantity(costs.R)],
    ['inverse error', `mean ${formatQuantity(inverseError.mean, 3)}, max ${formatQuantity(inverseError.max, 3)}  (‖x − f⁻¹(f(x))‖, nt ${report.nt} both ways)`],
    [
      'MMD²',
      `${formatQuantity(mmd.value, 3)}  (${mmd.estimator} estimator, kernel ${mmd.kernel}, ${mmd.testPoints.toLocaleString('en-US')} ` +
        `test points${mmd.subsample ? ' (a random subsample)' : ''} vs ${mmd.samples.toLocaleString('en-US')} model samples)`,
    ],
  ];
  if (densityIntegral) {
    const [[x0, x1], [y0, y1]] = densityIntegral.bounds;
    rows.push([
      '∫ρ over the box',
      `${formatQuantity(densityIntegral.value, 5)}  ([${x0}, ${x1}] × [${y0}, ${y1}], ${densityIntegral.resolution}² midpoint grid; ≈ 1 for a normalized density)`,
    ]);
  }
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return [`On ${description}, nt ${report.nt}:`, ...rows.map(([label, value]) => `  ${label.padEnd(width)}${value}`)].join('\n');
}

import type { BackendReport } from '../protocol';

/** Shows what the browser gave the worker in the header's chip, e.g. "tfjs wasm · SIMD · 1 thread · cross-origin isolated". */
export function showBackend(status: HTMLElement, report: BackendReport): void {
  const threadCount = report.multithreaded ? report.threads : 1;
  const threads = `${threadCount} thread${threadCount === 1 ? '' : 's'}${report.multithreaded ? ' (threaded build)' : ''}`;
  const isolation = report.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated';
  status.textContent = `tfjs ${report.backend}${report.simd ? ' · SIMD' : ''} · ${threads} · ${isolation}`;
  status.dataset.state = 'ready';
  status.dataset.threads = String(threadCount);
  status.dataset.multithreaded = String(report.multithreaded);
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { wasmStartFailure } from './wasm-start-failure';

afterEach(() => vi.unstubAllGlobals());

describe('wasmStartFailure', () => {
  it('tells a bundled page which files to serve and which option points at them', () => {
    vi.stubGlobal('location', { href: 'https://example.org/app/index.html?x=1' });
    const message = wasmStartFailure(undefined);
    expect(message).toMatch(/^The wasm backend did not start: .* next to the page \(https:\/\/example\.org\/app\/\), as no wasmPaths was given/);
    expect(message).toContain('tfjs-backend-wasm.wasm, tfjs-backend-wasm-simd.wasm, tfjs-backend-wasm-threaded-simd.wasm');
    expect(message).toContain('pass their URLs as the wasmPaths option');
    expect(message).toContain('packages/runtime#bundlers-serving-the-wasm-files');
    expect(message).not.toMatch(/setupTfjs/);
  });

  it('quotes the wasmPaths it was given', () => {
    vi.stubGlobal('location', { href: 'https://example.org/' });
    expect(wasmStartFailure('/static/wasm/')).toContain('looked for at wasmPaths = "/static/wasm/". Serve the three files');
  });

  it('in Node, points at the installed package', () => {
    expect(wasmStartFailure(undefined)).toMatch(/looked for in the installed @tensorflow\/tfjs-backend-wasm\/dist\. Reinstall/);
  });
});

import { describe, expect, it } from 'vitest';
import { torchFixtureBytes, torchFixtureJson, type MnistFixtureExpectations } from '../../../../test/torch-fixtures';
import { readTorchCheckpoint } from './torch-checkpoint';
import { TorchTensor } from './torch-tensor';

interface ListedTensor {
  dtype: string;
  shape: number[];
  values: unknown;
}

const flat = (values: unknown): number[] => (Array.isArray(values) ? values.flat(Infinity) : [values]) as number[];

describe('readTorchCheckpoint', () => {
  const expected = torchFixtureJson<Record<string, ListedTensor>>('tensors-expected.json');

  for (const [file, format] of [['tensors-legacy.pth', 'legacy'], ['tensors-zip.pth', 'zip']] as const) {
    it(`reads every dtype, views, offsets and strides from ${file} (${format} format)`, () => {
      const checkpoint = readTorchCheckpoint(torchFixtureBytes(file), file);
      expect(checkpoint.format).toBe(format);
      const tensors = checkpoint.value as Map<string, TorchTensor>;
      expect([...tensors.keys()]).toEqual(Object.keys(expected));
      for (const [name, listed] of Object.entries(expected)) {
        const tensor = tensors.get(name) as TorchTensor;
        expect(tensor, name).toBeInstanceOf(TorchTensor);
        expect(tensor.dtype, name).toBe(listed.dtype);
        expect(tensor.shape, name).toEqual(listed.shape);
        const values = flat(listed.values).map((v) => (typeof v === 'boolean' ? Number(v) : v));
        if (listed.dtype === 'int64') expect(Array.from(tensor.values as BigInt64Array), name).toEqual(values.map((v) => BigInt(v)));
        else expect(Array.from(tensor.values as ArrayLike<number>), name).toEqual(values);
      }
      expect(() => (tensors.get('int64') as TorchTensor).toNumbers('int64')).not.toThrow();
    });
  }

  for (const file of ['mnist-legacy.pth', 'mnist-zip.pth']) {
    it(`reads the authors' MNIST checkpoint structure from ${file}: args, state_dict and autoencoder`, () => {
      const mnist = torchFixtureJson<MnistFixtureExpectations>('mnist-expected.json');
      const value = readTorchCheckpoint(torchFixtureBytes(file)).value as Map<string, Map<string, unknown>>;
      expect([...value.keys()]).toEqual(['args', 'state_dict', 'autoencoder']);
      expect(Object.fromEntries(value.get('args') as Map<string, unknown>)).toEqual(mnist.args);
      expect([...(value.get('state_dict') as Map<string, unknown>).keys()]).toEqual([
        'A', 'c.weight', 'c.bias', 'w.weight', 'N.layers.0.weight', 'N.layers.0.bias', 'N.layers.1.weight', 'N.layers.1.bias',
      ]);
      const autoencoder = value.get('autoencoder') as Map<string, TorchTensor>;
      expect([...autoencoder.keys()]).toEqual(['mu', 'std', 'layer1.weight', 'layer1.bias', 'layer2.weight', 'layer2.bias']);
      expect(autoencoder.get('layer1.weight')?.shape).toEqual([mnist.d, 784]);
      expect(autoencoder.get('layer2.weight')?.shape).toEqual([784, mnist.d]);
      const mu = autoencoder.get('mu') as TorchTensor;
      expect(mu.dtype).toBe(file.includes('legacy') ? 'float64' : 'float32');
      const tolerance = file.includes('legacy') ? 0 : 1e-7;
      mu.toNumbers().forEach((v, i) => expect(Math.abs(v - mnist.mu[0][i])).toBeLessThanOrEqual(tolerance * Math.abs(v)));
    });
  }
});

describe('readTorchCheckpoint rejects what it cannot read, saying why', () => {
  const legacy = torchFixtureBytes('mnist-legacy.pth');
  const zip = torchFixtureBytes('mnist-zip.pth');
  const cases: [string, Uint8Array, string | RegExp][] = [
    ['an empty file', new Uint8Array(0), 'x.pth is empty.'],
    ['JSON text', new TextEncoder().encode('{"A": [1]}'), 'x.pth is not a PyTorch checkpoint: it is neither a zip archive nor a pickle (it starts with byte 0x7b).'],
    ['a truncated legacy file (in a storage)', legacy.slice(0, legacy.length - 100), /x\.pth ends inside storage \d+; the file is truncated\./],
    ['a truncated legacy file (in the object)', legacy.slice(0, 400), /Cannot read x\.pth \(its object\): the data ends early: .* the file is truncated/],
    ['a truncated zip file', zip.slice(0, zip.length - 30), 'Cannot read x.pth: it has no end-of-central-directory record; the file is truncated or not a zip archive.'],
    ['a damaged zip storage', flipByte(zip, zip.indexOf(0x3f, 2000)), /Cannot read x\.pth: entry "mnist-zip\/data\/\d+" fails its CRC-32 check; the file is damaged\./],
    ['a compressed zip', torchFixtureBytes('archive-deflated.zip'), 'Cannot read x.pth: entry "model/data.pkl" is compressed (method 8); torch.save stores entries uncompressed, so this file was repacked.'],
    ['a zip without data.pkl', withEntryRenamed(zip), 'x.pth is a zip archive but not a PyTorch checkpoint: it has no <name>/data.pkl entry.'],
    ['a tar file', tarHeader(), /x\.pth is a tar archive: the format of PyTorch before 0\.4/],
    ['a pickle of a module', pickle('\x80\x02cos\nsystem\nq\x00.'), /refers to the Python object os\.system, which this reader does not accept/],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, () => expect(() => readTorchCheckpoint(bytes, 'x.pth')).toThrow(message));
  }

  it('a zip64 archive', () => {
    const bytes = zip.slice();
    const end = bytes.length - 22; // no archive comment: the end record is the last 22 bytes
    new DataView(bytes.buffer).setUint16(end + 10, 0xffff, true);
    expect(() => readTorchCheckpoint(bytes, 'x.pth')).toThrow('it uses zip64 records');
  });
});

function flipByte(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index] ^= 0xff;
  return copy;
}

/** The archive with data.pkl's name changed in the central directory (same length, so every offset still holds). */
function withEntryRenamed(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  const text = new TextDecoder('latin1').decode(copy);
  let at = text.indexOf('/data.pkl');
  while (at >= 0) {
    copy.set(new TextEncoder().encode('/data.pkx'), at);
    at = text.indexOf('/data.pkl', at + 1);
  }
  return copy;
}

function tarHeader(): Uint8Array {
  const bytes = new Uint8Array(1024);
  bytes.set(new TextEncoder().encode('ustar'), 257);
  return bytes;
}

function pickle(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

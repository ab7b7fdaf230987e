import { describe, expect, it } from 'vitest';
import { torchFixtureBytes, torchFixtureJson } from '../../../../test/torch-fixtures';
import { readPickle, SUPPORTED_PICKLE_OPCODES, type PickleReadOptions } from './pickle-reader';
import { torchPickleGlobals } from './python-globals';

const options = (): PickleReadOptions => ({ ...torchPickleGlobals(), source: 'the test pickle' });
const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const read = (text: string) => readPickle(bytes(text), options()).value;

describe('readPickle', () => {
  const { opcodes } = torchFixtureJson<{ opcodes: Record<string, string[]> }>('pickle-expected.json');

  for (const protocol of ['2', '3', '4', '5']) {
    it(`reads every plain Python value pickled with protocol ${protocol}`, () => {
      const data = torchFixtureBytes(`pickle-protocol-${protocol}.pkl`);
      const { value, end } = readPickle(data, options());
      expect(end).toBe(data.length);
      const payload = value as Map<string, unknown>;
      const get = (key: string) => payload.get(key);
      expect([get('none'), get('true'), get('false')]).toEqual([null, true, false]);
      expect([get('small'), get('byte'), get('short'), get('int')]).toEqual([7, 200, 40000, -123456]);
      expect(get('big')).toBe(2n ** 62n + 5n);
      expect(get('huge')).toBe(-(2n ** 80n));
      expect(get('float')).toBe(-1.5e-7);
      expect(get('text')).toBe('OT-Flow ∇Φ');
      expect(get('bytes')).toEqual(new Uint8Array([0, 1, 255]));
      expect(get('empty_list')).toEqual([]);
      expect(get('list')).toEqual([1, [2, [3]]]);
      expect([get('tuple0'), get('tuple1'), get('tuple2'), get('tuple3'), get('tuple5')]).toEqual([[], [1], [1, 2], [1, 2, 3], [1, 2, 3, 4, 5]]);
      expect(Object.isFrozen(get('tuple3'))).toBe(true);
      expect(get('int_keys')).toEqual(new Map([[0, 'zero'], [1, 'one']]));
      expect(get('nested')).toEqual(new Map([['a', new Map([['b', [1.25]]])]]));
      expect(get('set')).toEqual(new Set([3]));
      expect(get('frozenset')).toEqual(new Set([4]));
      expect(get('long_list')).toEqual(Array.from({ length: 1200 }, (_, i) => i));
      expect(get('namespace')).toEqual(new Map([['x', 1]]));
      const [first, second] = get('shared_twice') as unknown[];
      expect(first).toBe(second); // the memo gives the same object twice, as Python does
    });
  }

  it('knows every opcode the protocol 2-5 fixtures use', () => {
    const used = new Set(Object.values(opcodes).flat());
    expect([...used].filter((name) => !SUPPORTED_PICKLE_OPCODES.includes(name))).toEqual([]);
  });

  it('reads the opcodes the fixtures do not use', () => {
    expect(read('\x80\x02\x8b\x02\x00\x00\x00\xff\x7f.')).toBe(32767); // LONG4
    expect(read('\x80\x02\x8a\x00.')).toBe(0); // LONG1 of zero bytes
    expect(read('\x80\x03B\x02\x00\x00\x00ab.')).toEqual(bytes('ab')); // BINBYTES
    expect(read('\x80\x04\x8e\x01\x00\x00\x00\x00\x00\x00\x00z.')).toEqual(bytes('z')); // BINBYTES8
    expect(read('\x80\x04\x8d\x02\x00\x00\x00\x00\x00\x00\x00hi.')).toBe('hi'); // BINUNICODE8
    expect(read('\x80\x02T\x03\x00\x00\x00\xe9t\xe9.')).toBe('été'); // BINSTRING (latin-1)
    expect(read('\x80\x02U\x02ok.')).toBe('ok'); // SHORT_BINSTRING
    expect(read('\x80\x02(K\x01K\x02l.')).toEqual([1, 2]); // MARK, LIST
    expect(read('\x80\x02(X\x01\x00\x00\x00aK\x01d.')).toEqual(new Map([['a', 1]])); // DICT
    expect(read('\x80\x02K\x012\x86.')).toEqual([1, 1]); // DUP
    expect(read('\x80\x02K\x01K\x020.')).toBe(1); // POP
    expect(read('\x80\x02K\x09(K\x01K\x021.')).toBe(9); // POP_MARK
    expect(read('\x80\x02K\x05r\x00\x01\x00\x000j\x00\x01\x00\x00.')).toBe(5); // LONG_BINPUT, LONG_BINGET
    expect(read('\x80\x02c__builtin__\nset\n]K\x01a\x85R.')).toEqual(new Set([1])); // protocol 2's builtins name
    expect(read('\x80\x02c_codecs\nencode\nX\x02\x00\x00\x00\xc3\xbfX\x06\x00\x00\x00latin1\x86R.')).toEqual(new Uint8Array([255]));
  });

  it('starts at an offset and reports where the pickle ends', () => {
    const data = bytes('junk\x80\x02K\x07.more');
    expect(readPickle(data, { ...options(), offset: 4 })).toEqual({ value: 7, end: 9 });
  });

  const errors: [string, string, string | RegExp][] = [
    ['a text (protocol 0) pickle', 'I1\n.', '"I" is not a binary pickle opcode (text pickles of protocols 0 and 1 are not supported) (opcode 0x49 at byte 0)'],
    ['an unknown opcode', '\x80\x02\xff', 'unknown opcode; the data is not a pickle or is damaged (opcode 0xff at byte 2)'],
    ['protocol 6', '\x80\x06K\x01.', 'pickle protocol 6 is not supported (2 to 5 are)'],
    ['no STOP', '\x80\x02K\x01', 'the data ends before the STOP opcode; the file is truncated'],
    ['a truncated string', '\x80\x02X\x10\x00\x00\x00abc', 'the data ends early: 16 bytes needed, 3 left; the file is truncated (opcode BINUNICODE at byte 2)'],
    ['bad UTF-8', '\x80\x02X\x01\x00\x00\x00\xff.', 'a string is not valid UTF-8'],
    ['two values at STOP', '\x80\x02K\x01K\x02.', 'STOP leaves 2 values on the stack instead of one'],
    ['an empty stack', '\x80\x02a.', 'the stack is empty (opcode APPEND at byte 2)'],
    ['a missing memo entry', '\x80\x02h\x03.', 'memo entry 3 was never stored'],
    ['an unknown global', '\x80\x02cbuiltins\neval\n.', 'it refers to the Python object builtins.eval, which this reader does not accept'],
    ['a persistent id without a loader', '\x80\x02K\x01Q.', 'it refers to external data (a persistent id), which this reader was not given'],
    ['calling a non-callable', '\x80\x02K\x01)R.', 'the object REDUCE calls is not a class or function from a GLOBAL'],
    ['APPEND to a tuple', '\x80\x02)K\x01a.', 'APPEND(S) needs a list'],
    ['BUILD on a list', '\x80\x02]}b.', 'BUILD sets the state of an object this reader does not build'],
    ['keyword arguments', '\x80\x04cargparse\nNamespace\n)}X\x01\x00\x00\x00aK\x01s\x92.', 'argparse.Namespace is built with keyword arguments'],
    ['a storage type called', '\x80\x02ctorch\nFloatStorage\n)R.', 'torch.FloatStorage: a storage type is only valid inside a persistent id'],
  ];
  for (const [what, text, message] of errors) {
    it(`rejects ${what}`, () => expect(() => read(text)).toThrow(message));
  }
});

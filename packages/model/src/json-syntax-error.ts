/** Where a text stops being JSON: the offending character's offset, or the text's length when it ends early. */
export interface JsonSyntaxErrorLocation {
  position: number;
  line: number;
  column: number;
  /** The text ended before the JSON value was complete. */
  truncated: boolean;
}

class Stop {
  constructor(readonly position: number) {}
}

/**
 * Finds the first syntax error in `text` with a small JSON scanner. Engines word and place JSON.parse's errors
 * differently (V8 sometimes gives no position at all), so the location is computed here. Returns null for valid JSON.
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxErrorLocation | null {
  let i = 0;
  const fail = (): never => {
    throw new Stop(i);
  };
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const expect = (literal: string): void => {
    for (const character of literal) {
      if (text[i] !== character) fail();
      i++;
    }
  };
  const digits = (): void => {
    if (!/[0-9]/.test(text[i] ?? '')) fail();
    while (/[0-9]/.test(text[i] ?? '')) i++;
  };
  const string = (): void => {
    expect('"');
    for (;;) {
      const character = text[i];
      if (character === undefined || character < ' ') fail();
      if (character === '"') {
        i++;
        return;
      }
      if (character === '\\') {
        i++;
        const escaped = text[i];
        if (escaped === 'u') {
          i++;
          for (let k = 0; k < 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
            i++;
          }
        } else if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) {
          i++;
        } else {
          fail();
        }
      } else {
        i++;
      }
    }
  };
  const number = (): void => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const value = (): void => {
    skipSpace();
    const character = text[i];
    if (character === '{') {
      i++;
      skipSpace();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skipSpace();
        string();
        skipSpace();
        expect(':');
        value();
        skipSpace();
        if (text[i] === ',') i++;
        else return expect('}');
      }
    } else if (character === '[') {
      i++;
      skipSpace();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        skipSpace();
        if (text[i] === ',') i++;
        else return expect(']');
      }
    } else if (character === '"') {
      string();
    } else if (character === 't') {
      expect('true');
    } else if (character === 'f') {
      expect('false');
    } else if (character === 'n') {
      expect('null');
    } else if (character === '-' || /[0-9]/.test(character ?? '')) {
      number();
    } else {
      fail();
    }
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail();
    return null;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const before = text.slice(0, error.position).split('\n');
    return {
      position: error.position,
      line: before.length,
      column: before[before.length - 1].length + 1,
      truncated: error.position >= text.length,
    };
  }
}

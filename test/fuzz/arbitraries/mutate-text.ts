import fc from 'fast-check';

/** One edit of a file's text: the corruptions a disk, an editor or a script make. */
export type TextMutation =
  | { op: 'flip'; at: number; char: string }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'duplicate-line'; at: number }
  | { op: 'delete-line'; at: number };

const snippets = ['\n', '\t', '\r\n', ':', '- ', '&a ', '*a', '!!binary ', '{', '[', ']', '}', '#', '"', "'", '\u0000', '\u001b[2J', '\ufeff', '0x', '1e309', ' 99999999999999999999', '<<: *a\n', '? ', '|\n', '%YAML 1.1\n', '---\n', '...\n'];

export const textMutationArb: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), char: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...snippets), fc.string({ maxLength: 12 })) }),
  fc.record({ op: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('delete-line' as const), at: fc.nat() }),
);

/** `text` with the mutations applied; positions are taken modulo the current length. */
export function applyTextMutations(text: string, mutations: readonly TextMutation[]): string {
  let t = text;
  for (const m of mutations) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    switch (m.op) {
      case 'flip':
        t = t.slice(0, at) + m.char + t.slice(at + 1);
        break;
      case 'truncate':
        t = t.slice(0, at);
        break;
      case 'insert':
        t = t.slice(0, at) + m.text + t.slice(at);
        break;
      case 'duplicate-line':
      case 'delete-line': {
        const lines = t.split('\n');
        const i = m.at % lines.length;
        if (m.op === 'duplicate-line') lines.splice(i, 0, lines[i]!);
        else lines.splice(i, 1);
        t = lines.join('\n');
        break;
      }
    }
  }
  return t;
}

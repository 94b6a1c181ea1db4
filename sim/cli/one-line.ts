/**
 * A message as one printable line: line breaks and every other control character (C0, DEL,
 * C1) escaped, so an error quoting hostile input (a YAML key holding an escape sequence, a
 * trace field with a carriage return) can neither split the line nor drive the terminal.
 */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}

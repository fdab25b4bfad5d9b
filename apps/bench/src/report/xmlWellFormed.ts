const TAG = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
const ENTITY = /^&(?:#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);/;

/**
 * Problems that make `text` not well-formed XML, within what our SVGs use: balanced and properly
 * nested elements, quoted attributes, escaped `&` and `<` in text, one root element. Empty when fine.
 *
 * @example
 * xmlProblems('<svg><g></svg>'); // ['</svg> closes <g>']
 */
export function xmlProblems(text: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt === -1 ? text.length : lt);
    for (let amp = chunk.indexOf('&'); amp !== -1; amp = chunk.indexOf('&', amp + 1)) {
      if (!ENTITY.test(chunk.slice(amp))) problems.push(`unescaped & at ${i + amp}`);
    }
    if (stack.length === 0 && chunk.trim() !== '') problems.push(`text outside the root element at ${i}`);
    if (lt === -1) break;
    if (text.startsWith('<!--', lt) || text.startsWith('<?', lt)) {
      const end = text.indexOf(text.startsWith('<!--', lt) ? '-->' : '?>', lt);
      if (end === -1) return [...problems, `unterminated comment or declaration at ${lt}`];
      i = end + 2;
      continue;
    }
    TAG.lastIndex = lt;
    const match = TAG.exec(text);
    if (!match) return [...problems, `malformed tag at ${lt}: ${text.slice(lt, lt + 40)}`];
    const [whole, closing, name, , selfClosing] = match;
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
    } else {
      if (stack.length === 0) roots++;
      if (!selfClosing) stack.push(name as string);
    }
    i = lt + whole.length;
  }
  if (stack.length > 0) problems.push(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

/** Values of `data-series` attributes, in document order (`&#NN;` entities decoded). */
export function seriesNames(svg: string): string[] {
  return [...svg.matchAll(/data-series="([^"]*)"/g)].map((m) =>
    (m[1] as string).replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))),
  );
}

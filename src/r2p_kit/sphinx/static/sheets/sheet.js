/* r2p-kit sheet check: reads a filled exercise sheet as check/sheet.py and check/answers.py
 * do, marks it with quiz.js's matcher (R2PQuiz.evaluate) on the page's hashed data, and
 * reports as `r2p-kit check` does. The sheet never leaves the browser. */
(() => {
  "use strict";

  const { strip, split, normalize, evaluate, build, SAY, round, scoreText, pointsText, shorten,
    element, opener, feedbackLine, NO_CRYPTO } = globalThis.R2PQuiz;
  // The command's word lists, limits and status words (sheets/data.reading_rules), as data.
  const RULES = JSON.parse(document.getElementById("r2p-sheet-rules").textContent);

  // ---- Problems: "line: what is wrong; how to fix it", as the CLI prints them

  class Problems extends Error {
    constructor(list) {
      super("sheet");
      this.list = list; // [line, message, hint]
    }
  }
  const fail = (line, message, hint) => {
    throw new Problems([[line, message, hint]]);
  };

  /** The 1-based line of any offset in ``text``, by a binary search over the line starts. */
  function lineCounter(text) {
    const starts = [0];
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    return (offset) => {
      let [low, high] = [0, starts.length];
      while (high - low > 1) {
        const middle = (low + high) >> 1;
        [low, high] = starts[middle] <= offset ? [middle, high] : [low, middle];
      }
      return low + 1;
    };
  }

  // ---- sheet.decode_sheet

  /** Where UTF-8 decoding fails: the offset of the first byte that starts no character. */
  function badByte(bytes) {
    for (let i = 0; i < bytes.length;) {
      const b = bytes[i];
      const more = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2
        : b >= 0xf0 && b < 0xf5 ? 3 : -1;
      for (let k = 1; k <= more; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
      if (more < 0) return i;
      i += more + 1;
    }
    return 0;
  }

  function decode(bytes) {
    if (bytes.length > RULES.max_bytes) {
      fail(0, `the file is ${(bytes.length / 1e6).toFixed(1)} MB; sheets are limited to 1 MB`,
        "is this the right file? An exercise sheet is a few kilobytes of text");
    }
    const start = bytes.slice(0, 4).join();
    const wide = /^(255,254,0,0|0,0,254,255)/.test(start) ? "UTF-32"
      : /^(255,254|254,255)/.test(start) ? "UTF-16" : "";
    if (wide) fail(1, `the file is saved as ${wide}`, "save it again as UTF-8 (plain text)");
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      fail(bytes.slice(0, nul).filter((b) => b === 10).length + 1,
        "this is not a text file (it contains binary data)",
        "save the sheet as plain text (.md), not as a Word or PDF document");
    }
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (error) {
      const at = badByte(bytes);
      const line = bytes.slice(0, at).filter((b) => b === 10).length + 1;
      const column = at - bytes.lastIndexOf(10, at - 1);
      const hexByte = bytes[at].toString(16).padStart(2, "0");
      return fail(`${line}:${column}`, `byte 0x${hexByte} is not UTF-8 text (was the file saved as Latin-1 ` +
        "or Windows-1252?)", "save the file with the UTF-8 encoding");
    }
  }

  // ---- sheet.parse_sheet_text

  const HEADING = /^[ \t]{0,3}#{1,6}[ \t]*(?:\d+[ \t]*[.):]?[ \t]*)?\[([^\]\s]+)\][^\n]*$/gm;
  const ANSWER = new RegExp("^[ \\t]*(?:[-*>][ \\t]*)?(?:\\*\\*|__)?answer(?:\\*\\*|__)?" +
    "[ \\t]*[:\uff1a](?:\\*\\*|__)?([^\\n]*)$", "gim");
  const HEADING_LIKE = /^[ \t]{0,3}#{1,6}[ \t]/m;
  const FRONT_NAME = /^[A-Za-z_][\p{L}\p{N}_-]*$/u;

  function frontEntry(line) {
    const colon = line.indexOf(":");
    const key = strip(line.slice(0, colon));
    if (colon < 0 || !FRONT_NAME.test(key)) return null;
    let value = strip(line.slice(colon + 1));
    if (!/^['"]/.test(value)) value = strip(value.split(" #")[0]);
    if (value.length >= 2 && value[0] === value.at(-1) && `'"`.includes(value[0])) {
      value = value.slice(1, -1);
    }
    return [key.toLowerCase(), strip(value)];
  }

  function parse(source) {
    const lines = source.replace(/\r\n?/g, "\n").split("\n");
    const text = lines.join("\n");
    const front = {};
    let start = 0;
    const first = Math.max(0, lines.findIndex((line) => strip(line)));
    if (strip(lines[first]) === "---") {
      const end = lines.findIndex((line, i) => i > first && ["---", "..."].includes(strip(line)));
      if (end < 0) {
        fail(first + 1, "the front matter is not closed",
          "add a line with three dashes (---) after the 'student:' line");
      }
      for (let i = first + 1; i < end; i++) {
        const entry = frontEntry(lines[i]);
        if (entry) front[entry[0]] = [i + 1, entry[1]];
      }
      start = end + 1;
    }
    const headings = [];
    HEADING.lastIndex = lines.slice(0, start).reduce((n, line) => n + line.length + 1, 0);
    for (let m; (m = HEADING.exec(text));) headings.push(m);
    const problems = [];
    const lineAt = lineCounter(text);
    const blocks = headings.map((heading, index) => {
      const id = heading[1];
      const headingLine = lineAt(heading.index);
      const end = index + 1 < headings.length ? headings[index + 1].index : text.length;
      const from = heading.index + heading[0].length;
      const answers = [...text.slice(from, end).matchAll(ANSWER)];
      if (!answers.length) return { id, headingLine, answerLine: 0, lines: [] };
      const answerLine = lineAt(from + answers[0].index);
      const afterFirst = from + answers[0].index + answers[0][0].length;
      for (const extra of answers.slice(1)) {
        const between = text.slice(afterFirst, from + extra.index);
        const edited = HEADING_LIKE.exec(between);
        if (edited) { // an edited heading: blame it, not the question above
          problems.push([lineAt(afterFirst + edited.index),
            "this line looks like a question heading, but its question id cannot be read",
            "keep the id in square brackets as printed, e.g. '## 3. [module/question-id] ...'" +
            ", or start again from a fresh sheet"]);
          break;
        }
        problems.push([lineAt(from + extra.index),
          `question [${shownId(id)}] has a second 'Answer:' line (the first is on line ${answerLine})`,
          "keep one 'Answer:' line and write the whole answer after it"]);
      }
      const below = afterFirst < end ? text.slice(afterFirst + 1, end).split("\n") : [];
      const written = [answers[0][1], ...below].map((line, n) => [answerLine + n, line]);
      return { id, headingLine, answerLine, lines: written };
    });
    if (problems.length) throw new Problems(problems);
    return { front, blocks };
  }

  const shownId = (id) => shorten(id, 120);

  // ---- answers.read_answer, for one question of the page's data

  const OPTION_LINE = /^\s*[-*+]?\s*\(?([a-zA-Z])\)\s*(?:\S.*)?$/;
  const SEPARATORS = /(?:[\s,;/&+|>.\-\u2013\u2014\u2192\u27f6]|\band\b|\bthen\b)+/;
  const DASHES = "-\u2013\u2014:=>.)\u2192";
  const PAIR = new RegExp(`(?<!\\d)(\\d+)\\s*(?:[${DASHES}]+\\s*)?([a-zA-Z])(?![a-zA-Z])` +
    `|(?<!\\d)(\\d+)\\s*[${DASHES}]*\\s*(?=$|[,;\\n])`, "g");
  const INLINE_BLANKS = /[;,]\s*(?=\(?\d+\s*[:)]\s*\S)/;
  const BLANK_LINE = /^\s*[-*+]?\s*\(?(\d+)\s*[:.)\]=\-\u2013]\s?(.*)$/;
  const LETTERS = RULES.letters;

  const plain = (text) => strip(text.normalize("NFKC").replace(/[*_`]/g, ""));
  const position = (digits) => {
    const d = digits.replace(/^0+/, "");
    return d && d.length <= 6 ? +d : 0;
  };

  class AnswerProblem extends Error {
    constructor(line, message, hint) {
      super(message);
      this.problem = [line, message, hint];
    }
  }
  const refuse = (line, message, hint) => {
    throw new AnswerProblem(line, message, hint);
  };

  function readAnswer(q, written) {
    const lines = written.map(([n, t]) => [n, strip(t)]).filter(([, t]) => t);
    if (!lines.length) return null;
    const type = q.d.type;
    const size = lines.reduce((sum, [, t]) => sum + [...t].length, 0);
    const limit = type === "essay" ? RULES.max_essay : RULES.max_answer;
    if (size > limit) {
      const kind = type === "essay" ? "an essay" : "an answer to this kind of question";
      const format = (n) => n.toLocaleString("en");
      refuse(lines[0][0], `this answer is ${format(size)} characters long; ${kind} may have ` +
        `at most ${format(limit)}`, "shorten it (did text meant for another question, or a " +
        "pasted document, end up here?)");
    }
    const joined = (separator) => lines.map(([, t]) => t).join(separator);
    const tokens = (positions) => positions.map((k) => q.letters[k]);
    if (type === "single" || type === "multiple") { // in bank order, as the CLI reads them
      return tokens(letters(lines, q, false).sort((a, b) => q.shown[a] - q.shown[b]));
    }
    if (type === "ordering") return tokens(letters(lines, q, true));
    if (type === "true-false") {
      const written = strip(joined(" "));
      const word = normalize(written, false);
      const truth = RULES.true.includes(word);
      if (truth || RULES.false.includes(word)) return [String(truth)];
      return refuse(lines[0][0], `'${shorten(written)}' is neither true nor false`,
        "write 'true' or 'false' after 'Answer:'");
    }
    if (type === "matching") return matching(lines, q);
    if (type === "cloze") return cloze(lines, q.d.accents.length);
    return joined(type === "essay" ? "\n" : " ");
  }

  const letterRange = (q) => {
    const n = q.letters.length;
    return n > 1 ? `a to ${LETTERS[n - 1]}` : "a";
  };

  /** Printed letters (positions 0, 1 ...) as answers.py ``_letters`` reads them. */
  function letters(lines, q, ordered) {
    try {
      return letterTokens(lines, q, ordered);
    } catch (error) {
      const whole = normalize(lines.map(([, t]) => t).join(" "), false);
      const k = q.texts.findIndex((text) => whole.length > 1 && whole === text);
      if (error instanceof AnswerProblem && k >= 0) return [k];
      throw error;
    }
  }

  function letterTokens(lines, q, ordered) {
    const found = [];
    const known = LETTERS.slice(0, q.letters.length);
    for (const [number, raw] of lines) {
      const text = plain(raw);
      const copied = copiedOption(text, q, known);
      if (copied) {
        found.push([number, copied, copied]);
        continue;
      }
      for (let written of text.split(SEPARATORS)) { // the token as the student wrote it
        written = written.replace(/^[()[\]{}:'"!?]+|[()[\]{}:'"!?]+$/g, "");
        const token = written.toLowerCase();
        if (token.length > 1 && [...token].every((c) => known.includes(c))) {
          found.push(...[...token].map((c) => [number, c, c]));
        } else if (token) {
          found.push([number, token, written]);
        }
      }
    }
    const positions = [];
    const seen = new Set();
    for (const [number, token, written] of found) {
      if (token.length !== 1 || !known.includes(token)) {
        refuse(number, `'${shorten(written)}' is not one of this question's letters ` +
          `(${letterRange(q)})`, "write only the letters of the options, e.g. 'b' or 'a, c'");
      }
      if (seen.has(token)) {
        if (ordered) {
          refuse(number, `letter '${token}' appears twice in an order`,
            "list each letter once, first to last, e.g. 'c, a, b'");
        }
        continue;
      }
      seen.add(token);
      positions.push(known.indexOf(token));
    }
    return positions;
  }

  /** The letter of a line like "b) Genocide" copied from the sheet, else "". */
  function copiedOption(text, q, known) {
    const m = OPTION_LINE.exec(text);
    if (!m) return "";
    const letter = m[1].toLowerCase();
    const rest = normalize(text.slice(m.index + m[0].indexOf(m[1]) + 2), false);
    const option = known.includes(letter) ? q.texts[known.indexOf(letter)] : null;
    if (option === null || !rest) return "";
    return (option.startsWith(rest) && rest.length >= 3) || rest.startsWith(option) ? letter : "";
  }

  function matching(lines, q) {
    const count = q.d.n;
    const known = LETTERS.slice(0, q.letters.length);
    const chosen = Array(count).fill(null);
    const where = {};
    for (const [number, raw] of lines) {
      const text = plain(raw);
      if (text.replace(PAIR, " ").replace(/[\s,;.]+/g, "")) {
        refuse(number, `cannot read '${shorten(text)}' as pairs`,
          "write a number and a letter for each pair, e.g. '1-b, 2-a, 3-c'");
      }
      for (const m of text.matchAll(PAIR)) {
        const written = m[1] || m[3];
        const left = position(written);
        if (left < 1 || left > count) {
          refuse(number, `there is no item ${shorten(written, 12)} to match (items are 1 to ` +
            `${count})`, "use the numbers shown in front of the items");
        }
        if (m[2] === undefined) continue; // "2-" left as the sheet printed it
        const letter = m[2].toLowerCase();
        if (!known.includes(letter)) {
          refuse(number, `'${letter}' is not one of this question's letters (${letterRange(q)})`,
            "match each number to one of the lettered entries");
        }
        const right = q.letters[known.indexOf(letter)];
        if (left in where && chosen[left - 1] !== right) {
          refuse(number, `item ${left} is matched twice (also on line ${where[left]})`,
            "give one letter for each number");
        }
        where[left] = number;
        chosen[left - 1] = right;
      }
    }
    return chosen.every((c) => c === null) ? null : chosen;
  }

  function cloze(written, count) {
    let blanks = Array(count).fill("");
    const where = {};
    let current = null;
    const loose = [];
    const lines = written.flatMap(([n, t]) => t.split(INLINE_BLANKS).map((piece) => [n, piece]));
    for (const [number, text] of lines) {
      const m = BLANK_LINE.exec(text);
      const [blank, value] = m ? [position(m[1]), strip(m[2])] : [0, ""];
      if (!m || ((blank < 1 || blank > count) && !value)) {
        if (current === null) loose.push([number, text]);
        else blanks[current - 1] = strip(`${blanks[current - 1]} ${text}`);
        continue;
      }
      if (blank < 1 || blank > count) {
        refuse(number, `there is no blank ${shorten(m[1], 12)} (blanks are 1 to ${count})`,
          "number your answers like the blanks in the text");
      }
      if (blank in where && blanks[blank - 1] && value) {
        refuse(number, `blank ${blank} is answered twice (also on line ${where[blank]})`,
          "give one answer for each blank");
      }
      where[blank] = number;
      blanks[blank - 1] = blanks[blank - 1] || value;
      current = blank;
    }
    if (loose.length) {
      if (Object.keys(where).length) {
        refuse(loose[0][0], "this line has no blank number",
          "start each answer with its blank number, e.g. '1: genocide'");
      }
      const text = loose.map(([, t]) => t).join(" ");
      const parts = count === 1 ? [text] : text.split(/[;,]/).map(strip);
      if (parts.length !== count) {
        refuse(loose[0][0], `cannot tell which answer goes in which of the ${count} blanks`,
          "write one line per blank, e.g. '1: genocide' and '2: war crimes'");
      }
      blanks = parts;
    }
    return blanks.some(strip) ? blanks : null;
  }

  // ---- sheet.bind_sheet and the command's choice of module

  const pad = (n) => String(n).padStart(2, "0");
  const matches = (name, m) => {
    const wanted = strip(name).toLowerCase().replace(/\/$/, "");
    return [m.slug, `${pad(m.number)}-${m.slug}`].includes(wanted) ||
      (/^\d+$/.test(wanted) && +wanted === m.number);
  };

  function bind(sheet, modules) {
    const field = (key) => (sheet.front[key] || [key === "module" ? 1 : 0, ""]);
    let name = field("module")[1];
    if (!name) {
      const prefixes = new Set(sheet.blocks.map((b) => b.id.split("/")[0]));
      name = prefixes.size === 1 ? [...prefixes][0] : "";
    }
    if (!name) {
      fail(1, "the sheet does not say which module it is for",
        "start from the sheet in exercises/, which has 'module:' at the top");
    }
    const module = modules.find((m) => matches(name, m));
    if (!module) {
      fail(field("module")[0], `there is no module '${name}'`, "name a module by its slug or " +
        `number; the modules are: ${modules.map((m) => `${pad(m.number)}-${m.slug}`).join(", ")}`);
    }
    const problems = [];
    if (!sheet.blocks.length) {
      problems.push([1, "no questions found", "questions start with headings like " +
        "'## 1. [module/question-id] ...'; start from the sheet in exercises/"]);
    }
    const byId = new Map(module.questions.map((q) => [q.id, q]));
    const seen = new Map();
    const found = new Map();
    for (const block of sheet.blocks) {
      const at = block.headingLine;
      const q = byId.get(block.id);
      if (!q) {
        problems.push([at, ...unknownId(block.id, module)]);
      } else if (seen.has(block.id)) {
        problems.push([at, `question [${shownId(block.id)}] appears twice (first on line ` +
          `${seen.get(block.id)})`, "delete one of the two copies"]);
        continue;
      } else if (!block.answerLine) {
        problems.push([at, `question [${block.id}] has no 'Answer:' line`,
          "add a line starting with 'Answer:' below the question and write after it"]);
      } else {
        try {
          found.set(q.id, readAnswer(q, block.lines));
        } catch (error) {
          if (!(error instanceof AnswerProblem)) throw error;
          problems.push(error.problem);
        }
      }
      if (q) seen.set(block.id, at);
    }
    if (problems.length) throw new Problems(problems.sort((a, b) => a[0] - b[0]));
    return { module, student: field("student")[1], found };
  }

  function unknownId(id, module) {
    const prefix = id.split("/")[0];
    if (id.includes("/") && prefix !== module.slug) {
      return [`question [${shownId(id)}] belongs to module '${shownId(prefix)}', not ` +
        `'${module.slug}'`, `use the sheet exercises/${pad(module.number)}-${module.slug}.md ` +
        "for this module"];
    }
    const close = [...id].length <= 120 ? closeMatch(id, module.questions.map((q) => q.id)) : "";
    return [`unknown question id [${shownId(id)}]`,
      close ? `did you mean [${close}]?` : "keep the ids in square brackets as printed"];
  }

  /** difflib.SequenceMatcher(None, a, b).ratio(), for texts too short for its autojunk. */
  function ratio(textA, textB) {
    const [a, b] = [[...textA], [...textB]]; // Python counts code points
    const where = new Map(); // character of b -> its positions
    [...b].forEach((c, j) => where.set(c, [...(where.get(c) || []), j]));
    let matched = 0;
    const queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      const [alo, ahi, blo, bhi] = queue.pop();
      let [besti, bestj, size] = [alo, blo, 0];
      let lengths = new Map();
      for (let i = alo; i < ahi; i++) {
        const next = new Map();
        for (const j of where.get(a[i]) || []) {
          if (j < blo || j >= bhi) continue;
          const k = (lengths.get(j - 1) || 0) + 1;
          next.set(j, k);
          if (k > size) [besti, bestj, size] = [i - k + 1, j - k + 1, k];
        }
        lengths = next;
      }
      if (!size) continue;
      matched += size;
      if (alo < besti && blo < bestj) queue.push([alo, besti, blo, bestj]);
      if (besti + size < ahi && bestj + size < bhi) queue.push([besti + size, ahi, bestj + size, bhi]);
    }
    return (2 * matched) / (a.length + b.length);
  }

  /** difflib.get_close_matches(word, known, n=1): the best at 0.6 or more, ties to the last. */
  function closeMatch(word, known) {
    let best = null;
    for (const x of known) {
      const score = ratio(x, word);
      if (score >= 0.6 && (!best || score > best[0] || (score === best[0] && x > best[1]))) {
        best = [score, x];
      }
    }
    return best ? best[1] : "";
  }

  // ---- The report, as report.render_text gives it

  const gcd = (a, b) => (b ? gcd(b, a % b) : a);

  /** report.amount: 1/6, 0.5, 2/3, 1.3 */
  function amount(value, whole) {
    if (Number.isInteger(value)) return String(value);
    for (let d = 3; d <= 12 && value > 0 && value < 1; d++) {
      const n = Math.round(value * d);
      if (Math.abs(n / d - value) < 1e-9 && gcd(n, d) === 1) return `${n}/${d}`;
    }
    for (const digits of [1, 2, 3]) {
      const shown = round(value, digits);
      if (shown > 0 && shown < whole) return String(shown);
    }
    return String(+value.toPrecision(3));
  }

  const open = (q) => (q.open ??= opener(q.d)); // the question's sealed texts

  /** A feedback line after ``lead``; an accepted slip names the spelling, as the CLI does. */
  async function line(q, item, lead = "", blank = 0) {
    if (item === SAY.slip) {
      item = `${SAY.slip.slice(0, -1)}: \u201c${(await open(q)("spelling"))[blank]}\u201d.`;
    }
    return feedbackLine(open(q), item, lead);
  }

  function button(label, reveal) {
    const node = element("button", label);
    node.type = "button";
    node.addEventListener("click", async () => {
      const shown = element("div");
      shown.append(...(await reveal()));
      node.replaceWith(shown);
      shown.tabIndex = -1;
      shown.focus();
    });
    return node;
  }

  async function questionReport(q, response) {
    const outcome = response === null
      ? { status: "unanswered", score: 0, feedback: [], parts: [] }
      : await evaluate(q.d, response);
    const kind = outcome.essay ? "essay" : outcome.status;
    const points = q.d.points;
    const section = element("section", "", `r2p-sheet-q r2p-${kind}`);
    section.dataset.id = q.id;
    section.dataset.status = outcome.status;
    section.dataset.score = +outcome.score.toFixed(4);
    const marks = kind === "essay" ? pointsText(points)
      : `${amount(outcome.score, points)} of ${pointsText(points)}`;
    section.append(element("h3", `${q.number}. [${q.id}] ${RULES.status[kind]} (${marks})`));
    const lines = [...outcome.feedback.map((item) => line(q, item))];
    for (const part of outcome.parts) {
      if (part.ok) continue;
      const i = +part.id.slice(1);
      if (q.d.type === "cloze") lines.push(line(q, part.note || "not correct.", `Blank ${i + 1}: `, i));
      if (q.d.type === "matching") lines.push(line(q, `${i + 1}. ${q.left[i]}: not matched correctly.`));
    }
    for (const node of (await Promise.all(lines)).filter(Boolean)) {
      node.classList.add("r2p-line");
      section.append(node);
    }
    const explain = async () => build((await open(q)("explanation")) || []);
    if (outcome.status === "correct") section.append(...(await explain()));
    const actions = element("p", "", "r2p-sheet-actions");
    if (outcome.status !== "correct" && q.d.seal.hints) {
      actions.append(button("Show a hint", async () =>
        (await open(q)("hints")).flatMap((tree) => build(tree))));
    }
    if ((outcome.status === "partial" || outcome.status === "incorrect") && !outcome.essay) {
      actions.append(button("Show the answer", async () =>
        [...build(await open(q)("answer")), ...(await explain())]));
    }
    if (actions.childElementCount) section.append(actions);
    if (outcome.status !== "correct" && q.reread) {
      const link = element("a", q.reread.title || "the course");
      link.href = q.reread.href;
      const reread = element("p", "Re-read: ");
      reread.append(link);
      section.append(reread);
    }
    return { section, outcome, points, essay: q.d.type === "essay" };
  }

  function totals(results) {
    const scored = results.filter((r) => !r.essay);
    const count = (status) => scored.filter((r) => r.outcome.status === status).length;
    const sum = (list, f) => list.reduce((total, r) => total + f(r), 0);
    const score = sum(scored, (r) => r.outcome.score);
    const max = sum(scored, (r) => r.points);
    const pending = results.filter((r) => r.outcome.essay); // answered essays
    const percent = max ? ` (${round((100 * score) / max, 0)}%)` : "";
    let text = `Total: ${scoreText(score)} of ${pointsText(max)}${percent}: ${count("correct")} ` +
      `correct, ${count("partial")} partly correct, ${count("incorrect")} incorrect, ` +
      `${results.filter((r) => r.outcome.status === "unanswered").length} unanswered`;
    if (pending.length) {
      text += `; ${pending.length} essay${pending.length === 1 ? "" : "s"} ` +
        `(${pointsText(sum(pending, (r) => r.points))}) for your instructor to mark`;
    }
    return `${text}.`;
  }

  // ---- The page

  const root = document.querySelector(".r2p-sheet-check");
  const modules = JSON.parse(document.getElementById("r2p-sheet-data").textContent);
  const report = root.querySelector(".r2p-sheet-report");
  const status = root.querySelector(".r2p-sheet-status");

  function showProblems(name, problems) {
    const list = element("ul");
    for (const [at, message, hint] of problems) {
      list.append(element("li", `${name}${at ? `:${at}` : ""}: ${message}${hint ? `; ${hint}` : ""}`));
    }
    report.replaceChildren(element("h2", "Your sheet could not be read"), list);
    status.textContent = `The sheet could not be read: ${problems.length} problem` +
      `${problems.length === 1 ? "" : "s"}, listed below.`;
  }

  async function check(name, text) {
    if (!globalThis.crypto?.subtle) {
      status.textContent = NO_CRYPTO;
      return;
    }
    try {
      if (!strip(text)) fail(1, "the sheet is empty", "start from the sheet in exercises/ and fill it in");
      const { module, student, found } = bind(parse(text), modules);
      const results = [];
      for (const q of module.questions) {
        results.push(await questionReport(q, found.has(q.id) ? found.get(q.id) : null));
      }
      const missing = module.questions.filter((q) => !found.has(q.id)).map((q) => q.number);
      const total = totals(results);
      report.replaceChildren(
        element("h2", `Module ${module.number} (${module.slug}): ${name}`),
        element("p", `Student: ${student || "not given yet (write your email or ID number " +
          "after 'student:')"}`),
        element("p", total, "r2p-sheet-total"),
        ...results.map((r) => r.section));
      if (missing.length) {
        const many = missing.length > 1;
        report.append(element("p", `Question${many ? "s" : ""} ${missing.join(", ")} ` +
          `${many ? "are" : "is"} not on your sheet and counted as unanswered.`));
      }
      status.textContent = `Checked: ${total}`;
    } catch (error) {
      if (!(error instanceof Problems)) throw error;
      showProblems(name, error.list);
    }
    report.focus();
  }

  /** A chosen, dropped or pasted sheet: its bytes decoded as the CLI reads a file. */
  async function checkBytes(name, bytes) {
    try {
      await check(name, decode(bytes));
    } catch (error) {
      if (!(error instanceof Problems)) throw error;
      showProblems(name, error.list);
      report.focus();
    }
  }
  const checkFile = async (file) => file && checkBytes(file.name, new Uint8Array(await file.arrayBuffer()));

  const input = root.querySelector("#r2p-sheet-file");
  input.addEventListener("change", () => checkFile(input.files[0]));
  root.querySelector(".r2p-sheet-run").addEventListener("click", () => checkBytes("the pasted sheet",
    new TextEncoder().encode(root.querySelector("#r2p-sheet-text").value)));
  const drop = root.querySelector(".r2p-sheet-drop");
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("r2p-dragging");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("r2p-dragging"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("r2p-dragging");
    checkFile(event.dataTransfer.files[0]);
  });
  globalThis.R2PSheet = { parse, check, closeMatch, amount, num: scoreText };
})();

/* r2p-kit self-check: the browser half of the one answer matcher (check/match.py), step
 * for step, on salted hashes from sphinx/quiz/selfcheck.py, never answers. Shared vectors
 * (tests/match_vectors.json) hold the two together. The checker's word lists and sentences
 * come with the page as data (#r2p-matcher, selfcheck.matcher_tables), never copied here.
 * Sealed text is a JSON tree made into DOM nodes; bank text is never parsed as HTML. */
(() => {
  "use strict";

  const encoder = new TextEncoder();

  // ---- SHA-256 by Web Crypto, which secure pages (https, localhost and files opened from
  // disk) all have; a page served over plain http from elsewhere says it cannot check.

  const NO_CRYPTO = "This browser cannot check answers on this page. Open the course from " +
    "its secure (https) address, or from the files on your computer.";
  const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));

  const hex = (bytes) => Array.from(bytes, (x) => x.toString(16).padStart(2, "0")).join("");

  /** selfcheck.answer_key */
  async function key(salt, part, value) {
    return hex(await sha256(encoder.encode(`${salt}:${part}:${value}`))).slice(0, 16);
  }

  /** selfcheck.unseal */
  async function unseal(salt, name, base64) {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const blocks = Array.from({ length: Math.ceil(data.length / 32) },
      (_, i) => sha256(encoder.encode(`${salt}:seal:${name}:${i}`)));
    const pad = await Promise.all(blocks);
    return new TextDecoder().decode(data.map((x, i) => x ^ pad[i >> 5][i & 31]));
  }

  // ---- check/normalize.py, numbers.py, stems.py

  // Python's whitespace, which its strip() and split() remove.
  const SPACE = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a" +
    "\\u2028\\u2029\\u202f\\u205f\\u3000";
  const S = `[${SPACE}]`;
  const strip = (s) => s.replace(new RegExp(`^${S}+|${S}+$`, "g"), "");
  const split = (s) => s.split(new RegExp(`${S}+`)).filter(Boolean);
  const wordList = (s) => (s ? s.split(" ") : []); // of a normalised text
  const EDGE = "[ \\t.,;:!?'\"()[\\]{}<>*_`~\u2018\u2019\u201c\u201d]";
  const EDGE_PUNCTUATION = new RegExp(`^${EDGE}+|${EDGE}+$`, "g");
  const ARTICLE = new RegExp(`^(?:the|a|an)${S}+(?=[^${SPACE}])`);
  const removeInvisible = (s) => s.replace(/\p{Cf}/gu, "");
  const stripAccents = (s) => s.normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC");
  // str.casefold: upper then lower (ß -> ss), except the dotless i; one form of sigma.
  const casefold = (s) => s.replace(/[^\u0131]+/g, (x) => x.toUpperCase().toLowerCase())
    .replace(/ß/g, "ss").replace(/ς/g, "σ");

  function normalize(text, accentsOptional) {
    let s = casefold(removeInvisible(text.normalize("NFKC")));
    if (accentsOptional) s = stripAccents(s);
    s = s.replace(EDGE_PUNCTUATION, "").replace(ARTICLE, "");
    return wordsToDigits(s.match(/[\p{L}\p{N}\p{M}]+/gu) || []).join(" ");
  }

  const comparisonKey = (text, accents) => normalize(text, accents).replace(/ /g, "");

  // Letters of the Latin script whose Unicode names do not start with LATIN.
  const NOT_LATIN = /[\u1d2f\u1d3b\u1d4e\u2132\u214e\u2183\u{10780}]/u;
  const foreignLetters = (text) => [...text.normalize("NFKC")].some((c) =>
    /\p{L}/u.test(c) && (!/\p{Script=Latin}/u.test(c) || NOT_LATIN.test(c)));

  // numbers.py, whose tables (with the other word lists below) the page carries as data
  // (selfcheck.matcher_tables), so the two sides read the same words.
  const TABLES = JSON.parse(document.getElementById("r2p-matcher").textContent);
  const SAY = TABLES.messages; // the matcher's sentences, as match.py words them
  const NUMBER_WORDS = new Map([ // word -> [value, ordinal?]; values from 100 are scales
    ...Object.entries(TABLES.cardinals).map(([word, n]) => [word, [n, false]]),
    ...Object.entries(TABLES.ordinals).map(([word, n]) => [word, [n, true]]),
  ]);
  const isNumberWord = (w) => w === "and" || NUMBER_WORDS.has(w);

  const ordinalSuffix = (n) => ([11, 12, 13].includes(n % 100) ? "th"
    : { 1: "st", 2: "nd", 3: "rd" }[n % 10] || "th");

  function readNumberWords(words) {
    if (!words.length || words[0] === "and" || words.at(-1) === "and") return null;
    let total = 0;
    let current = 0;
    let ordinal = false;
    let lastKind = "";
    for (const [position, word] of words.entries()) {
      if (ordinal) return null; // an ordinal ends the number
      const [value, isOrdinal] = NUMBER_WORDS.get(word) || [];
      if (word === "and") {
        lastKind = "and";
      } else if (value === undefined) {
        return null;
      } else if (value < 100) {
        ordinal = isOrdinal;
        if (lastKind === "unit" || (lastKind === "tens" && (value >= 10 || current % 10))) return null;
        current += value;
        lastKind = value >= 20 ? "tens" : "unit";
      } else {
        ordinal = isOrdinal;
        if (position === 0) current = 1;
        if (value === 100) {
          if (current === 0 || current >= 100) return null;
          current *= 100;
        } else {
          total += (current || 1) * value;
          current = 0;
        }
        lastKind = "scale";
      }
    }
    return [total + current, ordinal];
  }

  function wordsToDigits(words) {
    const out = [];
    for (let i = 0; i < words.length;) {
      if (words[i] !== "and" && isNumberWord(words[i])) {
        let j = i;
        while (j < words.length && isNumberWord(words[j])) j++;
        while (j > i + 1 && words[j - 1] === "and") j--;
        const reading = readNumberWords(words.slice(i, j));
        if (reading) {
          const [value, ordinal] = reading;
          out.push(ordinal ? `${value}${ordinalSuffix(value)}` : String(value));
          i = j;
          continue;
        }
      }
      out.push(words[i++]);
    }
    return out;
  }

  // stems.stem: British spellings to one shared spelling, then common endings.
  function stem(word) {
    // The endings are ASCII; the word's length is counted in characters.
    const fits = (ending, least) => word.endsWith(ending) &&
      [...word].length - ending.length >= least;
    const british = TABLES.spellings.find(([b]) => fits(b, 3));
    if (british) word = word.slice(0, -british[0].length) + british[1];
    for (let round = 0; round < 2; round++) {
      const ending = TABLES.endings.find((e) => fits(e, TABLES.min_stem));
      if (!ending) break;
      word = word.slice(0, -ending.length);
    }
    return word;
  }

  // ---- normalize.parse_number and read_number_answer

  const LETTER = "[\\p{L}\\p{Nl}\\p{No}]"; // Python's [^\W\d_]
  const WORD = `${LETTER}[\\p{L}\\p{Nl}\\p{No}_]*`;
  const DIGIT = "\\p{Nd}";
  const NUMBER = new RegExp(
    `^${S}*([-+\u2212]?)${S}*([1-9]${DIGIT}{0,2}(?:[,${SPACE}']${DIGIT}{3})+|${DIGIT}+)?` +
    `(?:[.,](${DIGIT}+))?${S}*(?:%|${WORD}(?:${S}+${WORD})*)?${S}*$`, // sign, number, unit
    "u");
  const PARENTHESISED_TAIL = new RegExp(`${S}*\\([^()\\p{Nd}]*\\)${S}*$`, "u");
  const tooLong = (s) => [...s].length > 200; // normalize.MAX_NUMBER_TEXT

  // Digits of any script, read as Python reads them.
  const asciiDigits = (s) => s.replace(/\p{Nd}/gu, (c) => {
    let n = 0;
    while (n < 9 && /\p{Nd}/u.test(String.fromCodePoint(c.codePointAt(0) - n - 1))) n++;
    return n;
  });
  const toNumber = (digits) => parseFloat(asciiDigits(digits));

  function parseNumber(text) {
    text = strip(removeInvisible(text.normalize("NFKC"))).replace(/[.;]+$/, "");
    if (tooLong(text)) return null;
    text = text.replace(PARENTHESISED_TAIL, "");
    const m = NUMBER.exec(text);
    if (!m || (m[2] === undefined && m[3] === undefined)) return numberInWords(text);
    const whole = (m[2] || "0").replace(new RegExp(`[,${SPACE}']`, "g"), "");
    const value = toNumber(m[3] ? `${whole}.${m[3]}` : whole);
    return m[1] && m[1] !== "+" ? -value : value;
  }

  function numberInWords(text) {
    const words = wordList(normalize(text, false));
    const first = /^(\p{Nd}+)(?:st|nd|rd|th)?$/u.exec(words[0] || "");
    if (!first || words.slice(1).some((w) => /\p{Nd}/u.test(w))) return null;
    return toNumber(first[1]);
  }

  const ASIDE_NUMBER = /\(([^()]*)\)/g;
  const LEAD_IN = new RegExp(`^(?:in|on|by)${S}+(?:the${S}+year${S}+)?|^(?:the${S}+)?year${S}+`, "i");
  const DASH = "[-\u2010-\u2015]";
  const TALLY = new RegExp(`^(${DIGIT}+)${S}*${DASH}${S}*${DIGIT}+${S}*${DASH}${S}*${DIGIT}+$`, "u");
  const OUT_OF = new RegExp(
    `^(${DIGIT}+)${S}+(?:out${S}+)?of${S}+${DIGIT}+(?:${S}+${LETTER}+)*$`, "iu");

  function readNumberAnswer(text, year) {
    text = strip(removeInvisible(text.normalize("NFKC")));
    if (tooLong(text)) return { value: null };
    const remarks = [...text.matchAll(ASIDE_NUMBER)].map((m) => strip(m[1]).toLowerCase());
    if (remarks.some((r) => /^(or|and) /.test(r))) return { value: null };
    const bare = strip(strip(text.replace(ASIDE_NUMBER, " ")).replace(/[.;]+$/, "")
      .replace(LEAD_IN, ""));
    const value = parseNumber(bare);
    if (value !== null) return { value };
    const tally = !year && TALLY.exec(bare);
    const outOf = OUT_OF.exec(bare);
    if (tally || outOf) return { value: toNumber((tally || outOf)[1]) };
    return year ? yearOfDate(bare) : { value: null };
  }

  function yearOfDate(text) {
    const numbers = (text.match(/\p{Nd}+/gu) || []).map((n) => parseInt(asciiDigits(n), 10));
    const years = numbers.filter((n) => n >= 1000 && n <= 2999);
    const rest = numbers.filter((n) => !years.includes(n));
    const words = (text.toLowerCase().match(new RegExp(`${LETTER}+`, "gu")) || [])
      .filter((w) => !["st", "nd", "rd", "th"].includes(w));
    const dateWords = words.every((w) => TABLES.months.includes(w));
    if (years.length !== 1 || rest.some((n) => n > 31) || !dateWords) {
      return { value: null };
    }
    return { value: years[0], note: SAY.year };
  }

  // ---- check/forms.py

  const ASIDE = new RegExp(`${S}*\\(([^()]*)\\)`, "g");
  const PARENTHESISED = new RegExp(`^([^()]+?)${S}*\\(([^()]+)\\)${S}*$`);
  const isHedge = (remark) => ["or", "and"].includes(split(remark.toLowerCase())[0]);

  function answerReadings(text) {
    const readings = [[text, ""]];
    const parts = text.split(",");
    if (parts.length === 2) {
      const [surname, given] = parts.map(strip);
      const [n, m] = [split(surname).length, split(given).length];
      if (n > 0 && n <= 2 && m > 0 && m <= 3) readings.push([`${given} ${surname}`, ""]);
    }
    const remarks = [...text.matchAll(ASIDE)].map((m) => strip(m[1]));
    if (remarks.length && !remarks.some(isHedge)) {
      const bare = strip(text.replace(ASIDE, " "));
      if (bare) readings.push([bare, ""]);
    }
    const comma = text.indexOf(",");
    const [head, tail] = [text.slice(0, comma), text.slice(comma + 1)];
    if (comma >= 0 && strip(head) && strip(tail) && !isHedge(tail)) {
      readings.push([strip(head), strip(tail)]);
    }
    return readings;
  }

  function oneDeletionVariants(key) {
    const chars = [...key];
    return new Set([key, ...chars.map((_, i) => chars.filter((c, j) => j !== i).join(""))]);
  }

  // ---- match.match_text and its helpers, by hashes

  async function namesARival(words, i, look) {
    for (let a = 0; a < words.length; a++) {
      for (let b = a, run = words[a]; b < words.length; run += words[++b]) {
        if ([...run].length > look.longest) break; // no rival is longer
        if (await look.near(`r${i}`, run)) return true;
      }
    }
    return false;
  }

  async function cores(text, data, i, look) {
    const accents = data.accents[i];
    const context = new Set(data.context);
    const out = [];
    for (const [answer, remark] of answerReadings(text)) {
      if (remark && (await namesARival(wordList(normalize(remark, accents)), i, look))) continue;
      const words = wordList(normalize(answer, accents));
      const start = TABLES.honorifics.includes(words[0]) ? 1 : 0;
      const given = words.map((w) => context.has(stem(w)) && !TABLES.negations.includes(w));
      const allGiven = (from, to) => given.slice(from, to).every(Boolean);
      for (let first = start; first < words.length && allGiven(start, first); first++) {
        for (let last = words.length; last > first && allGiven(last); last--) {
          const around = [...words.slice(start, first), ...words.slice(last)];
          if (!around.length || !(await namesARival(around, i, look))) {
            out.push(words.slice(first, last));
          }
        }
      }
    }
    return out;
  }

  async function isAccepted(text, data, i, look, found) {
    for (const core of found) {
      if (await look.has(`a${i}`, core.join(""))) return true;
      if (core.length > 1 && (await look.has(`i${i}`, core.join(" ")))) return true;
    }
    const parts = PARENTHESISED.exec(strip(text));
    if (!parts) return false;
    for (const part of parts.slice(1)) {
      if (!(await look.has(`a${i}`, comparisonKey(strip(part), data.accents[i])))) return false;
    }
    return true;
  }

  async function matchText(text, data, i, look) {
    const verdict = (correct, feedback = "") => ({ answered: true, correct, feedback });
    const key = comparisonKey(text, data.accents[i]);
    if (!key) return { answered: false, correct: false };
    if (foreignLetters(text) && !data.foreign[i]) return verdict(false, SAY.foreign);
    const exact = await look.key(`e${i}`, comparisonKey(text, false));
    if (look.keys.has(exact)) return verdict(false, { key: exact });
    const found = await cores(text, data, i, look);
    if (await isAccepted(text, data, i, look, found)) return verdict(true);
    for (const core of found) {
      const wrong = await look.key(`w${i}`, core.join(""));
      if (look.keys.has(wrong)) return verdict(false, { key: wrong });
    }
    if (await look.has(`x${i}`, key)) return verdict(false, SAY.other_blank);
    const close = (await look.slip(`c${i}`, key)) && !(await look.slip(`s${i}`, key));
    if (close && (await look.slip(`t${i}`, key))) return verdict(true, SAY.slip);
    for (const wrong of data.nw[i]) {
      if (await look.slip(`n${wrong}`, key)) return verdict(false, { key: wrong });
    }
    return verdict(false, close ? SAY.close : "");
  }

  // ---- Scoring, one function per type. A feedback line is text or {key} of sealed text.

  const UNANSWERED = { status: "unanswered", score: 0, feedback: [], parts: [] };
  // Feedback lines are Markdown, as Python's: a student's words in them are escaped
  // (markup.literal_markdown), and the page shows a line as text by undoing just that.
  const literalMarkdown = (text) => split(text.replace(/(?![\t\n])\p{Cc}/gu, "")).join(" ")
    .replace(/&/g, "&amp;").replace(/[\\`*_[\]<>!|~]/g, "\\$&");
  /** match.quoted */
  const quoted = (text) => `\u201c${literalMarkdown(shorten(text))}\u201d`;
  /** ``text`` cut to ``limit`` characters, "…" last, as the CLI shortens what it echoes. */
  function shorten(text, limit = 40) {
    const chars = [...text];
    return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join("")}\u2026`;
  }
  const asText = (line) => line.replace(/\\([\\`*_[\]<>!|~])|&amp;/g, (_, c) => c || "&");

  /** match.counted and match.share: "1 item", "1 of 3 pairs is matched", "0 of 1 blank is". */
  const counted = (n, noun) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  const share = (n, total, noun, predicate) =>
    `${n} of ${counted(total, noun)} ${n === 1 || total === 1 ? "is" : "are"} ${predicate}.`;
  const distinct = (list) => [...new Set(list)];

  function result(fraction, points, feedback = [], parts = []) {
    let f = Math.min(1, Math.max(0, fraction));
    let status = "partial";
    if (f >= 1 - 1e-9) [status, f] = ["correct", 1];
    else if (f <= 1e-9) [status, f] = ["incorrect", 0];
    return { status, score: f * points, feedback: feedback.filter(Boolean), parts };
  }

  async function matchChoice(data, response, look) {
    const selected = distinct(Array.isArray(response) ? response : []);
    if (!selected.length) return UNANSWERED;
    if (data.type === "single") {
      if (selected.length > 1) {
        return result(0, data.points, [`Choose one option only; you chose ${selected.length}.`]);
      }
      const ok = await look.has("0", selected[0]);
      return result(+ok, data.points, [{ key: selected[0] }], [{ id: selected[0], ok }]);
    }
    const correct = [];
    for (const token of data.options) if (await look.has(token, "1")) correct.push(token);
    const wrongPicks = selected.filter((t) => !correct.includes(t));
    const hits = selected.length - wrongPicks.length;
    const others = data.options.length - correct.length;
    const fraction = hits / correct.length - (others ? wrongPicks.length / others : 0);
    const feedback = wrongPicks.map((t) => ({ key: t }));
    const missed = correct.length - hits;
    if (missed) feedback.push(`You left out ${counted(missed, "correct option")}.`);
    if (wrongPicks.length) {
      const n = wrongPicks.length;
      feedback.push(`${n} of your choices ${n === 1 ? "is" : "are"} not correct.`);
    }
    const parts = selected.map((t) => ({ id: t, ok: correct.includes(t) }));
    return result(fraction, data.points, feedback, parts);
  }

  async function matchTrueFalse(data, response, look) {
    const chosen = typeof response === "boolean" ? [String(response)] : distinct(response || []);
    if (!chosen.length) return UNANSWERED;
    if (chosen.length > 1) {
      return result(0, data.points, [`Choose one option only; you chose ${chosen.length}.`]);
    }
    const ok = await look.has("0", chosen[0]);
    return result(+ok, data.points, [{ key: chosen[0] }], [{ id: chosen[0], ok }]);
  }

  async function matchShort(data, response, look) {
    const verdict = await matchText(response || "", data, 0, look);
    if (!verdict.answered) return UNANSWERED;
    const ok = verdict.correct;
    return result(+ok, data.points, [verdict.feedback], [{ id: "0", ok }]);
  }

  async function matchNumeric(data, response, look) {
    const text = strip(response || "");
    if (!text) return UNANSWERED;
    const reading = readNumberAnswer(text, data.year);
    if (reading.value === null) {
      return result(0, data.points, [`${quoted(text)} is not one number; write it like this: 42.`]);
    }
    // Hashes are of numbers on the bank's grid; between two, both must be accepted.
    const x = reading.value * 10 ** data.decimals;
    const slack = 1e-9 * Math.max(1, Math.abs(x));
    const onGrid = (k) => look.has("0", (k / 10 ** data.decimals).toFixed(data.decimals));
    const ok = (await onGrid(Math.floor(x + slack))) && (await onGrid(Math.ceil(x - slack)));
    return result(+ok, data.points, ok ? [reading.note] : [], [{ id: "0", ok }]);
  }

  async function matchOrdering(data, response, look) {
    const order = distinct(Array.isArray(response) ? response : []);
    if (!order.length) return UNANSWERED;
    const n = data.n;
    const total = (n * (n - 1)) / 2;
    const given = (order.length * (order.length - 1)) / 2;
    let concordant = 0;
    const parts = [];
    for (let i = 0; i < order.length; i++) {
      for (let j = i + 1; j < order.length; j++) {
        concordant += await look.has("o", `${order[i]}<${order[j]}`);
      }
      parts.push({ id: order[i], ok: await look.has(`p${i}`, order[i]) });
    }
    const complete = order.length === n && concordant === given;
    const discordant = given - concordant;
    const feedback = complete ? [] : [share(concordant, total, "pair", "in the right order")];
    if (n > order.length) feedback.push(`You left out ${counted(n - order.length, "item")}.`);
    const fraction = complete ? 1 : (concordant - discordant) / Math.max(total, 1);
    return result(fraction, data.points, feedback, parts);
  }

  async function matchMatching(data, response, look) {
    const parts = [];
    for (let i = 0; i < data.n; i++) {
      const given = response && response[i];
      parts.push({ id: `m${i}`, ok: !!given && (await look.has(`m${i}`, given)), given });
    }
    if (!parts.some((p) => p.given)) return UNANSWERED;
    const right = parts.filter((p) => p.ok).length;
    const feedback = right === data.n ? [] : [share(right, data.n, "pair", "matched correctly")];
    return result(right / data.n, data.points, feedback, parts);
  }

  async function matchCloze(data, response, look) {
    const n = data.accents.length;
    const parts = [];
    for (let i = 0; i < n; i++) {
      const given = (response && response[i]) || "";
      const verdict = await matchText(given, data, i, look);
      const note = verdict.answered ? verdict.feedback : SAY.empty;
      parts.push({ id: `b${i}`, ok: verdict.correct, given: verdict.answered, note });
    }
    if (!parts.some((p) => p.given)) return UNANSWERED;
    const right = parts.filter((p) => p.ok).length;
    const feedback = right === n ? [] : [share(right, n, "blank", "correct")];
    return result(right / n, data.points, feedback, parts);
  }

  function lengthNote(count, [fewest, most]) {
    const asked = `Your answer has ${counted(count, "word")}; the question asks for ${fewest} to ` +
      `${most} words`;
    if (count < fewest) return `${asked}: say more.`;
    return count > most ? `${asked}: cut it down.` : `${asked}.`;
  }

  async function matchEssay(data, response) {
    const text = response || "";
    if (!normalize(text, true)) return UNANSWERED;
    const feedback = [SAY.essay];
    if (data.words) feedback.push(lengthNote(split(text).length, data.words));
    return { status: "partial", score: 0, essay: true, parts: [], feedback };
  }

  const MATCHERS = {
    single: matchChoice,
    multiple: matchChoice,
    "true-false": matchTrueFalse,
    short: matchShort,
    numeric: matchNumeric,
    ordering: matchOrdering,
    matching: matchMatching,
    cloze: matchCloze,
    essay: matchEssay,
  };

  async function evaluate(data, response) {
    const keys = new Set(data.keys);
    const nearKeys = new Set(data.near || []);
    const look = {
      keys,
      longest: data.longest,
      key: (part, value) => key(data.salt, part, value),
      has: async (part, value) => keys.has(await look.key(part, value)),
      near: async (part, value) => nearKeys.has((await look.key(part, value)).slice(0, 8)),
      // forms.within_one_slip: the one-deletion neighbourhoods meet.
      slip: async (part, value) => {
        if ([...value].length > look.longest + 1) return false; // too long for any near key
        for (const v of oneDeletionVariants(value)) if (await look.near(part, v)) return true;
        return false;
      },
    };
    return MATCHERS[data.type](data, response, look);
  }

  // ---- Revealed text: a JSON tree (markup.to_json) to DOM nodes

  const TAGS = new Set(["p", "ul", "ol", "li", "em", "strong", "code", "a", "br"]);

  /** A link's address if it is a web, mail or relative one; "" otherwise. */
  function safeHref(href) {
    const url = String(href || "").replace(/[\u0000-\u0020\u007f]/g, "");
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url);
    return !scheme || /^(https?|mailto)$/i.test(scheme[1]) ? url : "";
  }

  /** Text stays text; a known tag becomes that element, any other a <span>. */
  function build(tree) {
    return (Array.isArray(tree) ? tree : []).map((item) => {
      if (typeof item === "string") return document.createTextNode(item);
      const node = document.createElement(TAGS.has(item.tag) ? item.tag : "span");
      const href = item.tag === "a" && safeHref(item.href);
      if (href) node.setAttribute("href", href);
      node.append(...build(item.children));
      return node;
    });
  }

  // ---- The page: read the inputs, answer in the live region, keep the score

  const STATUS = {
    correct: "\u2713 Correct.",
    incorrect: "\u2717 Not quite.",
    essay: "Answer noted.",
    unanswered: "Answer the question first, then press Check.",
    clash: "Give each item a different position.",
  };
  /** Python's round(x, digits) of a number x >= 0: the nearest on the binary value's exact
   * decimals (as toFixed), but an exact tie (0.125 to 2 digits) goes to the even neighbour. */
  function round(x, digits) {
    const exact = x.toFixed(100);
    const cut = exact.indexOf(".") + (digits ? digits + 1 : 0);
    const even = +exact[cut - 1] % 2 === 0;
    return /^\.?50*$/.test(exact.slice(cut)) && even ? +exact.slice(0, cut) : +x.toFixed(digits);
  }
  const scoreText = (x) => String(round(x, 2)); // figures.score_text
  const pointsText = (x) => `${scoreText(x)} point${x === 1 ? "" : "s"}`; // report.points_text

  function element(tag, text = "", className = "") {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  const paragraph = (text, className = "") => element("p", text, className);

  /** The sealed texts of one question (``data.seal``), each unsealed once, when first asked for;
   * null for a text the question does not have. */
  function opener(data) {
    const opened = {};
    return (name) => (opened[name] ??= data.seal?.[name]
      ? unseal(data.salt, name, data.seal[name]).then(JSON.parse) : Promise.resolve(null));
  }

  /** A feedback line as an element, after ``lead``: the page's own text, or the sealed bank
   * feedback it names ({key}). */
  async function feedbackLine(open, item, lead = "") {
    if (typeof item === "string") return item && paragraph(lead + asText(item));
    const tree = ((await open("feedback")) || {})[item.key];
    if (!tree) return null;
    const box = element("div");
    box.append(...build(tree));
    (box.firstElementChild || box).prepend(lead);
    return box;
  }

  /** The response as evaluate() wants it, or "clash" for two items in one position. */
  function read(question, type) {
    const controls = [...question.querySelectorAll("[data-r2p-part]")];
    if (type === "ordering") {
      const placed = controls.filter((s) => s.value).sort((a, b) => a.value - b.value);
      if (new Set(placed.map((s) => s.value)).size < placed.length) return "clash";
      return placed.map((s) => s.dataset.r2pPart);
    }
    if (type === "matching" || type === "cloze") return controls.map((c) => c.value || null);
    if (type === "single" || type === "multiple" || type === "true-false") {
      return controls.filter((c) => c.checked).map((c) => c.value);
    }
    return controls[0].value;
  }

  /** Show a control right (true), wrong (false) or unmarked (null), in words as well. */
  function mark(control, ok) {
    const holder = control.closest(".r2p-option, .r2p-row, .r2p-field");
    if (holder) {
      holder.classList.toggle("r2p-right", ok === true);
      holder.classList.toggle("r2p-wrong", ok === false);
    }
    if (ok === false) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
    const sign = holder ? holder.querySelector(".r2p-mark") : control.nextElementSibling;
    sign.textContent = ok ? " \u2713" : ok === false ? " \u2717" : "";
  }

  function wire(state, update) {
    const { q: question, data } = state;
    const find = (selector) => question.querySelector(selector);
    const checkButton = find(".r2p-check");
    const showButton = find(".r2p-show");
    const feedbackBox = find(".r2p-feedback");
    const explanation = find(".r2p-explanation");
    const answer = find(".r2p-answer");
    /** A changed answer has no verdict yet. */
    const clearVerdict = () => {
      question.querySelectorAll("[data-r2p-part]").forEach((c) => mark(c, null));
      feedbackBox.className = "r2p-feedback";
      feedbackBox.replaceChildren();
    };
    const open = opener(data);

    async function reveal(region, name, label) {
      const tree = region.hidden && (await open(name));
      if (!tree) return;
      region.replaceChildren(paragraph(label, "r2p-label"), ...build(tree));
      region.hidden = false;
    }

    async function check() {
      if (!globalThis.crypto?.subtle) {
        feedbackBox.replaceChildren(paragraph(NO_CRYPTO));
        return;
      }
      const response = read(question, data.type);
      const outcome = response === "clash"
        ? { status: "clash", feedback: [], parts: [] }
        : await evaluate(data, response);
      const status = outcome.essay ? "essay" : outcome.status;
      const verdict = STATUS[status] ||
        `\u25d1 Partly right: ${scoreText(outcome.score)} of ${pointsText(data.points)}.`;
      const lines = [paragraph(verdict, "r2p-status")];
      clearVerdict();
      for (const part of outcome.parts) {
        const control = question.querySelector(`[data-r2p-part="${part.id}"]`);
        const isChoice = control && /radio|checkbox/.test(control.type);
        if (control && (control.checked || !isChoice)) mark(control, part.ok);
      }
      for (const item of outcome.feedback) lines.push(await feedbackLine(open, item));
      for (const part of outcome.parts) {
        if (part.note) lines.push(await feedbackLine(open, part.note, `Blank ${+part.id.slice(1) + 1}: `));
      }
      if (status !== "unanswered" && status !== "clash") {
        // After a miss the explanation waits for "Show answer".
        if (status === "correct" || outcome.essay) {
          await reveal(explanation, "explanation", "Explanation");
        }
        if (!explanation.hidden) lines.push(paragraph("The explanation is below."));
        showButton.hidden = status === "correct" || !data.seal?.answer || !answer.hidden;
        if (!state.revealed && !outcome.essay) {
          Object.assign(state, { score: outcome.score, checked: true });
        }
      }
      feedbackBox.className = `r2p-feedback r2p-${status}`;
      feedbackBox.replaceChildren(...lines.filter(Boolean));
      update();
    }

    async function showAnswer() {
      state.revealed = true;
      await reveal(answer, "answer", "Answer");
      await reveal(explanation, "explanation", "Explanation");
      showButton.hidden = true;
      answer.focus();
      update();
    }

    find(".r2p-actions").hidden = false;
    ["change", "input"].forEach((event) => question.addEventListener(event, clearVerdict));
    question.addEventListener("keydown", (event) => {
      const inTextBox = event.target.matches("input[type=text]");
      if (event.key === "Enter" && !event.isComposing && inTextBox) {
        event.preventDefault();
        checkButton.click();
      }
    });
    checkButton.addEventListener("click", check);
    showButton.addEventListener("click", showAnswer);
  }

  /** A quiz: wire each question and keep the running score of the auto-marked ones. */
  function setUp(quiz) {
    const all = [...quiz.querySelectorAll(".r2p-question[data-r2p]")]
      .map((q) => ({ q, data: JSON.parse(q.dataset.r2p) }));
    const scored = all.filter((x) => x.data.type !== "essay");
    const board = quiz.querySelector(".r2p-score");
    const sum = (f) => scored.reduce((total, x) => total + f(x), 0);
    const update = () => {
      const score = scoreText(sum((x) => x.score || 0));
      const checked = sum((x) => !!x.checked);
      board.textContent = `Score: ${score} of ${pointsText(sum((x) => x.data.points))} ` +
        `(${checked} of ${scored.length} questions checked).`;
      board.hidden = false;
    };
    all.forEach((x) => wire(x, update));
    update();
  }

  function start() {
    document.querySelectorAll(".r2p-question[data-r2p]").forEach((question) => {
      const quiz = question.closest(".r2p-quiz");
      if (!quiz) {
        wire({ q: question, data: JSON.parse(question.dataset.r2p) }, () => {});
      } else if (!quiz.dataset.ready) {
        quiz.dataset.ready = 1;
        setUp(quiz);
      }
    });
  }

  globalThis.R2PQuiz = {
    sha256, key, unseal, strip, split, normalize, NO_CRYPTO, parseNumber, readNumberAnswer,
    evaluate, build, SAY, round, scoreText, pointsText, shorten, element, opener, feedbackLine,
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

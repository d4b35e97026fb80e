/* r2p-kit self-check: the browser half of the one answer matcher.
 *
 * Each question carries its data in data-r2p (written by r2p_kit/sphinx/quiz/selfcheck.py):
 * salted hashes, sha256(salt:part:value)[:16], of the answers the Python matcher
 * (r2p_kit/check/match.py) accepts, never the answers themselves. This script hashes what
 * the student gave in the same way and looks it up. Scoring follows match.py function by
 * function; shared test vectors (tests/match_vectors.json) hold the two together.
 *
 * Text shown after an attempt (answer, explanation, feedback) is sealed JSON: a tree of
 * strings and a few known tags, rebuilt here as DOM nodes. Bank text is never parsed as HTML.
 */
(() => {
  "use strict";

  const encoder = new TextEncoder();

  // ---- SHA-256: Web Crypto, or this fallback where a file:// page lacks it -------------

  // The round constants: the first 32 bits of the fractional parts of the cube roots
  // (K) and square roots (H) of the first primes.
  const K = [];
  const H = [];
  for (let p = 2, n = 0; n < 64; p++) {
    let prime = true;
    for (let d = 2; d * d <= p; d++) if (p % d === 0) prime = false;
    if (!prime) continue;
    const fraction = (x) => ((x - Math.floor(x)) * 2 ** 32) | 0;
    if (n < 8) H[n] = fraction(Math.sqrt(p));
    K[n++] = fraction(Math.cbrt(p));
  }
  const rotate = (x, n) => (x >>> n) | (x << (32 - n));

  function sha256Js(bytes) {
    const length = bytes.length;
    const message = new Int32Array(((length + 72) >> 6) << 4);
    const w = new Int32Array(64);
    const hash = H.slice();
    bytes.forEach((b, i) => {
      message[i >> 2] |= b << (24 - (i & 3) * 8);
    });
    message[length >> 2] |= 0x80 << (24 - (length & 3) * 8);
    message[message.length - 1] = length * 8;
    for (let block = 0; block < message.length; block += 16) {
      let [a, b, c, d, e, f, g, h] = hash;
      for (let i = 0; i < 64; i++) {
        if (i < 16) {
          w[i] = message[block + i];
        } else {
          const x = w[i - 15];
          const y = w[i - 2];
          const s0 = rotate(x, 7) ^ rotate(x, 18) ^ (x >>> 3);
          const s1 = rotate(y, 17) ^ rotate(y, 19) ^ (y >>> 10);
          w[i] = (s0 + s1 + w[i - 7] + w[i - 16]) | 0;
        }
        const t1 = (h + (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) +
          ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        const t2 = ((rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) +
          ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      [a, b, c, d, e, f, g, h].forEach((v, i) => {
        hash[i] = (hash[i] + v) | 0;
      });
    }
    return Uint8Array.from({ length: 32 }, (_, i) => hash[i >> 2] >>> (24 - (i & 3) * 8));
  }

  async function sha256(bytes) {
    try {
      return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    } catch (error) {
      return sha256Js(bytes);
    }
  }

  const hex = (bytes) => Array.from(bytes, (x) => x.toString(16).padStart(2, "0")).join("");

  /** selfcheck.answer_key: the key of `value` given in `part`. */
  async function key(salt, part, value) {
    return hex(await sha256(encoder.encode(`${salt}:${part}:${value}`))).slice(0, 16);
  }

  /** selfcheck.seal reversed: XOR with a SHA-256 keystream. */
  async function unseal(salt, name, base64) {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const blocks = Array.from({ length: Math.ceil(data.length / 32) },
      (_, i) => sha256(encoder.encode(`${salt}:seal:${name}:${i}`)));
    const pad = await Promise.all(blocks);
    return new TextDecoder().decode(data.map((x, i) => x ^ pad[i >> 5][i & 31]));
  }

  // ---- normalize_text and parse_number of r2p_kit/check/normalize.py, step for step ----

  const SPACE = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a" +
    "\\u2028\\u2029\\u202f\\u205f\\u3000";
  const S = `[${SPACE}]`;
  const EDGE_SPACE = new RegExp(`^${S}+|${S}+$`, "g");
  const EDGE_PUNCTUATION = /^[ .,;:!?'"()[\]{}<>*_`~]+|[ .,;:!?'"()[\]{}<>*_`~]+$/g;
  const COMBINING_MARKS = new RegExp("[\\u0300-\\u034e\\u0350-\\u036f\\u0483-\\u0487" +
    "\\u1ab0-\\u1abd\\u1abf-\\u1ace\\u1dc0-\\u1dff\\u20d0-\\u20dc\\u20e1\\u20e5-\\u20f0" +
    "\\ufe20-\\ufe2f]", "g");
  const APOSTROPHES = /[\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u02b9`\u00b4\uff07]/g;
  const QUOTES = /[\u201c-\u201f\u2033\u2036\u00ab\u00bb\uff02]/g;
  const DASHES = /[\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d-]/g;
  const trimPunctuation = (s) => s.replace(EDGE_PUNCTUATION, "");

  function normalize(text, accentsOptional) {
    // casefold: upper then lower (ß -> ss) except the dotless i; one form of sigma
    let s = text.normalize("NFKC")
      .replace(/[^\u0131]+/g, (x) => x.toUpperCase().toLowerCase())
      .replace(/ß/g, "ss")
      .replace(/ς/g, "σ");
    if (accentsOptional) {
      s = s.normalize("NFD").replace(COMBINING_MARKS, "").normalize("NFC");
    }
    s = s.replace(APOSTROPHES, "'")
      .replace(QUOTES, '"')
      .replace(DASHES, " ")
      .replace(new RegExp(`${S}+`, "g"), " ");
    return trimPunctuation(trimPunctuation(s).replace(/^(?:the|a|an) (?=[^ ])/, ""));
  }

  const LETTER = "[\\p{L}\\p{Nl}\\p{No}]";
  const WORD = `${LETTER}[\\p{L}\\p{Nl}\\p{No}_]*`;
  const DIGIT = "\\p{Nd}";
  const NUMBER = new RegExp(
    `^${S}*([-+\u2212]?)${S}*` + // sign
    `([1-9]${DIGIT}{0,2}(?:[,${SPACE}']${DIGIT}{3})+|${DIGIT}+)?` + // whole part
    `(?:[.,](${DIGIT}+))?` + // decimals
    `${S}*(?:%|${WORD}(?:${S}+${WORD})*)?${S}*$`, // a unit or words after it
    "u");

  // Python reads digits of any script: a digit's value is its place in its run of ten.
  const asciiDigits = (s) => s.replace(/\p{Nd}/gu, (c) => {
    let n = 0;
    while (n < 9 && /\p{Nd}/u.test(String.fromCodePoint(c.codePointAt(0) - n - 1))) n++;
    return n;
  });

  function parseNumber(text) {
    const trimmed = text.normalize("NFKC").replace(EDGE_SPACE, "").replace(/[.;]+$/, "");
    const m = NUMBER.exec(trimmed);
    if (!m || (m[2] === undefined && m[3] === undefined)) return null;
    const whole = asciiDigits((m[2] || "0").replace(new RegExp(`[,${SPACE}']`, "g"), ""));
    const value = parseFloat(m[3] ? `${whole}.${asciiDigits(m[3])}` : whole);
    return m[1] && m[1] !== "+" ? -value : value;
  }

  // ---- Scoring: one function per question type, named after those of check/match.py ----
  //
  // Each takes the question's data, the response and `has(part, value)` (is that answer
  // accepted?), and returns {status, score, feedback, parts}. Feedback lines are text, or
  // {key} naming sealed bank feedback. Responses: chosen tokens (choice), a boolean or
  // ["true"]/["false"] (true-false), text (short, numeric, essay), tokens in order
  // (ordering), a token or null per left item (matching), text per blank (cloze).

  const UNANSWERED = Object.freeze({ status: "unanswered", score: 0, feedback: [], parts: [] });
  const plural = (n, word) => `${n} ${word}${n > 1 ? "s" : ""}`;
  const distinct = (list) => [...new Set(list)];

  /** match._result: clamp the fraction and name the status. */
  function result(fraction, points, feedback = [], parts = [], extra = {}) {
    let f = Math.min(1, Math.max(0, fraction));
    let status = "partial";
    if (f >= 1 - 1e-9) [status, f] = ["correct", 1];
    else if (f <= 1e-9) [status, f] = ["incorrect", 0];
    return { status, score: f * points, feedback: feedback.filter(Boolean), parts, ...extra };
  }

  async function matchChoice(data, response, has) {
    const selected = distinct(Array.isArray(response) ? response : []);
    if (!selected.length) return UNANSWERED;
    if (data.type === "single") {
      if (selected.length > 1) {
        return result(0, data.points, [`Choose one option only; you chose ${selected.length}.`]);
      }
      const ok = await has("0", selected[0]);
      return result(+ok, data.points, [{ key: selected[0] }], [{ id: selected[0], ok }]);
    }
    const correct = [];
    for (const token of data.options) if (await has(token, "1")) correct.push(token);
    const wrongPicks = selected.filter((t) => !correct.includes(t));
    const hits = selected.length - wrongPicks.length;
    const others = data.options.length - correct.length;
    const fraction = hits / correct.length - (others ? wrongPicks.length / others : 0);
    const feedback = wrongPicks.map((t) => ({ key: t }));
    const missed = correct.length - hits;
    if (missed) feedback.push(`You left out ${plural(missed, "correct option")}.`);
    if (wrongPicks.length) {
      const n = wrongPicks.length;
      feedback.push(`${n} of your choices ${n === 1 ? "is" : "are"} not correct.`);
    }
    const parts = selected.map((t) => ({ id: t, ok: correct.includes(t) }));
    return result(fraction, data.points, feedback, parts);
  }

  async function matchTrueFalse(data, response, has) {
    const chosen = typeof response === "boolean" ? [String(response)] : distinct(response || []);
    if (!chosen.length) return UNANSWERED;
    if (chosen.length > 1) {
      return result(0, data.points, [`Choose one option only; you chose ${chosen.length}.`]);
    }
    const ok = await has("0", chosen[0]);
    return result(+ok, data.points, [{ key: chosen[0] }], [{ id: chosen[0], ok }]);
  }

  async function matchShort(data, response, has) {
    const given = normalize(response || "", data.accents[0]);
    if (!given) return UNANSWERED;
    const k = await key(data.salt, "0", given);
    const ok = data.keys.includes(k);
    return result(+ok, data.points, ok ? [] : [{ key: k }], [{ id: "0", ok }]);
  }

  async function matchNumeric(data, response, has) {
    const text = (response || "").replace(EDGE_SPACE, "");
    if (!text) return UNANSWERED;
    const value = parseNumber(text);
    if (value === null) {
      return result(0, data.points,
        [`\u201c${text}\u201d is not one number in digits; write it like this: 42.`]);
    }
    // The page knows the accepted numbers on the bank's grid only (selfcheck._numeric_grid).
    const onGrid = value.toFixed(data.decimals);
    if (Math.abs(onGrid - value) > 1e-9 * Math.max(1, Math.abs(value))) {
      const note = `This page checks numbers to ${data.decimals} decimal place(s); round yours.`;
      return result(0, data.points, [note], [], { offGrid: true });
    }
    const ok = await has("0", onGrid);
    return result(+ok, data.points, [], [{ id: "0", ok }]);
  }

  async function matchOrdering(data, response, has) {
    const order = distinct(Array.isArray(response) ? response : []);
    if (!order.length) return UNANSWERED;
    const n = data.n;
    const total = (n * (n - 1)) / 2;
    const given = (order.length * (order.length - 1)) / 2;
    let concordant = 0;
    const parts = [];
    for (let i = 0; i < order.length; i++) {
      for (let j = i + 1; j < order.length; j++) {
        concordant += await has("o", `${order[i]}<${order[j]}`);
      }
      parts.push({ id: order[i], ok: await has(`p${i}`, order[i]) });
    }
    const complete = order.length === n && concordant === given;
    const discordant = given - concordant;
    const feedback = complete ? [] : [`${concordant} of ${total} pairs are in the right order.`];
    if (n > order.length) feedback.push(`You left out ${plural(n - order.length, "item")}.`);
    const fraction = complete ? 1 : (concordant - discordant) / Math.max(total, 1);
    return result(fraction, data.points, feedback, parts);
  }

  async function matchMatching(data, response, has) {
    const parts = [];
    for (let i = 0; i < data.n; i++) {
      const given = response && response[i];
      parts.push({ id: `m${i}`, ok: !!given && (await has(`m${i}`, given)), given });
    }
    if (!parts.some((p) => p.given)) return UNANSWERED;
    const right = parts.filter((p) => p.ok).length;
    const feedback = right === data.n ? [] : [`${right} of ${data.n} pairs are matched correctly.`];
    return result(right / data.n, data.points, feedback, parts);
  }

  async function matchCloze(data, response, has) {
    const n = data.accents.length;
    const parts = [];
    for (let i = 0; i < n; i++) {
      const given = normalize((response && response[i]) || "", data.accents[i]);
      const k = await key(data.salt, `b${i}`, given);
      const ok = !!given && data.keys.includes(k);
      let note = "";
      if (!given) note = "Left empty.";
      else if (!ok && (await has(`x${i}`, given))) note = "That answer belongs in another blank.";
      else if (!ok) note = { key: k };
      parts.push({ id: `b${i}`, ok, given, note });
    }
    if (!parts.some((p) => p.given)) return UNANSWERED;
    const right = parts.filter((p) => p.ok).length;
    const feedback = right === n ? [] : [`${right} of ${n} blanks are correct.`];
    return result(right / n, data.points, feedback, parts);
  }

  async function matchEssay(data, response) {
    if (!normalize(response || "", true)) return UNANSWERED;
    const feedback = ["Your instructor marks this answer; the checker gives no score for it."];
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

  /** match.match_answer: score `response` against the question's data. */
  async function evaluate(data, response) {
    const keys = new Set(data.keys);
    const has = async (part, value) => keys.has(await key(data.salt, part, value));
    return MATCHERS[data.type](data, response, has);
  }

  // ---- Revealed text: a JSON tree (html.reveal_tree, markup.to_json) to DOM nodes -------

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

  // ---- The page: read native inputs, answer in the live region, keep the score ---------

  const STATUS = {
    correct: "\u2713 Correct.",
    incorrect: "\u2717 Not quite.",
    essay: "Answer noted.",
    unanswered: "Answer the question first, then press Check.",
    clash: "Give each item a different position.",
  };
  const formatNumber = (x) => String(+x.toFixed(2));
  const pointsText = (x) => `${formatNumber(x)} point${x === 1 ? "" : "s"}`;

  function element(tag, properties = {}) {
    return Object.assign(document.createElement(tag), properties);
  }

  function paragraph(textContent, className = "") {
    return element("p", { textContent, className });
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
    const sealed = data.seal || {};
    const find = (selector) => question.querySelector(selector);
    const checkButton = find(".r2p-check");
    const showButton = find(".r2p-show");
    const feedbackBox = find(".r2p-feedback");
    const explanation = find(".r2p-explanation");
    const answer = find(".r2p-answer");
    const clearMarks = () => {
      question.querySelectorAll("[data-r2p-part]").forEach((c) => mark(c, null));
    };
    let feedbackTrees = null;

    /** A feedback line as an element: text, or the sealed bank feedback it names. */
    async function say(item) {
      if (typeof item === "string") return item && paragraph(item);
      if (feedbackTrees === null) {
        const text = sealed.feedback ? await unseal(data.salt, "feedback", sealed.feedback) : "{}";
        feedbackTrees = JSON.parse(text);
      }
      const tree = feedbackTrees[item.key];
      if (!tree) return null;
      const box = element("div");
      box.append(...build(tree));
      return box;
    }

    async function reveal(region, name, label) {
      if (!sealed[name] || !region.hidden) return;
      const tree = JSON.parse(await unseal(data.salt, name, sealed[name]));
      region.replaceChildren(paragraph(label, "r2p-label"), ...build(tree));
      region.hidden = false;
    }

    async function check() {
      const response = read(question, data.type);
      const outcome = response === "clash"
        ? { status: "clash", feedback: [], parts: [] }
        : await evaluate(data, response);
      const status = outcome.essay ? "essay" : outcome.status;
      const verdict = STATUS[status] ||
        `\u25d1 Partly right: ${formatNumber(outcome.score)} of ${pointsText(data.points)}.`;
      const lines = [paragraph(verdict, "r2p-status")];
      clearMarks();
      for (const part of outcome.parts) {
        const control = question.querySelector(`[data-r2p-part="${part.id}"]`);
        const isChoice = control && /radio|checkbox/.test(control.type);
        if (control && (control.checked || !isChoice)) mark(control, part.ok);
      }
      for (const item of outcome.feedback) lines.push(await say(item));
      for (const part of outcome.parts) {
        const note = part.note && (await say(part.note));
        if (!note) continue;
        (note.firstElementChild || note).prepend(`Blank ${+part.id.slice(1) + 1}: `);
        lines.push(note);
      }
      if (status !== "unanswered" && status !== "clash") {
        await reveal(explanation, "explanation", "Explanation");
        if (!explanation.hidden) lines.push(paragraph("The explanation is below."));
        showButton.hidden = status === "correct" || !sealed.answer || !answer.hidden;
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
      showButton.hidden = true;
      answer.focus();
      update();
    }

    find(".r2p-actions").hidden = false;
    question.addEventListener("change", clearMarks);
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
      const score = formatNumber(sum((x) => x.score || 0));
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

  globalThis.R2PQuiz = { sha256, sha256Js, key, unseal, normalize, parseNumber, evaluate, build };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

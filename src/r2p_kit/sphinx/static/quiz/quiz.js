/* r2p-kit self-check. Keys are sha256(salt:part:value)[:16] of the answers the one
   matcher accepts (r2p_kit/sphinx/quiz/selfcheck.py); scores follow check/match.py. */
(() => {
  "use strict";
  const enc = new TextEncoder();

  // SHA-256: Web Crypto, or this fallback where a file:// page lacks it.
  const K = [], H = [];
  for (let p = 2, n = 0; n < 64; p++) {
    let prime = true;
    for (let d = 2; d * d <= p; d++) if (p % d === 0) prime = false;
    const frac = (x) => ((x - Math.floor(x)) * 2 ** 32) | 0;
    if (prime) { if (n < 8) H[n] = frac(Math.sqrt(p)); K[n++] = frac(Math.cbrt(p)); }
  }
  const rot = (x, n) => (x >>> n) | (x << (32 - n));
  function sha256Js(bytes) {
    const len = bytes.length, m = new Int32Array(((len + 72) >> 6) << 4), w = new Int32Array(64), h = H.slice();
    bytes.forEach((b, i) => { m[i >> 2] |= b << (24 - (i & 3) * 8); });
    m[len >> 2] |= 0x80 << (24 - (len & 3) * 8);
    m[m.length - 1] = len * 8;
    for (let j = 0; j < m.length; j += 16) {
      let [a, b, c, d, e, f, g, k] = h;
      for (let i = 0; i < 64; i++) {
        const x = w[i - 15], y = w[i - 2];
        w[i] = i < 16 ? m[j + i]
          : (rot(x, 7) ^ rot(x, 18) ^ (x >>> 3)) + (rot(y, 17) ^ rot(y, 19) ^ (y >>> 10)) + w[i - 7] + w[i - 16] | 0;
        const t = k + (rot(e, 6) ^ rot(e, 11) ^ rot(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i] | 0;
        k = g; g = f; f = e; e = d + t | 0; d = c; c = b; b = a;
        a = t + (rot(a, 2) ^ rot(a, 13) ^ rot(a, 22)) + ((a & c) ^ (a & d) ^ (c & d)) | 0;
      }
      [a, b, c, d, e, f, g, k].forEach((v, i) => { h[i] = h[i] + v | 0; });
    }
    return Uint8Array.from({ length: 32 }, (_, i) => h[i >> 2] >>> (24 - (i & 3) * 8));
  }
  async function sha256(bytes) {
    try { return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)); } catch (e) { return sha256Js(bytes); }
  }
  const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  const key = async (salt, part, value) => hex(await sha256(enc.encode(`${salt}:${part}:${value}`))).slice(0, 16);
  // Answers, explanations and feedback are XORed with a SHA-256 keystream (selfcheck.seal).
  async function unseal(salt, name, b64) {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const pad = await Promise.all(Array.from({ length: Math.ceil(data.length / 32) },
      (_, i) => sha256(enc.encode(`${salt}:seal:${name}:${i}`))));
    return new TextDecoder().decode(data.map((x, i) => x ^ pad[i >> 5][i & 31]));
  }

  // normalize_text and parse_number of r2p_kit/check/normalize.py, step for step.
  const WS = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  const S = `[${WS}]`, EDGES = new RegExp(`^${S}+|${S}+$`, "g");
  const strip = (s) => s.replace(/^[ .,;:!?'"()[\]{}<>*_`~]+|[ .,;:!?'"()[\]{}<>*_`~]+$/g, "");
  function normalize(text, accents) {
    // casefold: upper then lower (ß -> ss) except dotless i; one form of sigma
    let s = text.normalize("NFKC").replace(/[^\u0131]+/g, (x) => x.toUpperCase().toLowerCase())
      .replace(/ß/g, "ss").replace(/ς/g, "σ");
    if (accents) {
      s = s.normalize("NFD").replace(/[\u0300-\u034e\u0350-\u036f\u0483-\u0487\u1ab0-\u1abd\u1abf-\u1ace\u1dc0-\u1dff\u20d0-\u20dc\u20e1\u20e5-\u20f0\ufe20-\ufe2f]/g, "").normalize("NFC");
    }
    s = s.replace(/[\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u02b9`\u00b4\uff07]/g, "'")
      .replace(/[\u201c-\u201f\u2033\u2036\u00ab\u00bb\uff02]/g, '"')
      .replace(/[\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d-]/g, " ")
      .replace(new RegExp(`${S}+`, "g"), " ");
    return strip(strip(s).replace(/^(?:the|a|an) (?=[^ ])/, ""));
  }
  const L = "[\\p{L}\\p{Nl}\\p{No}]", W = `${L}[\\p{L}\\p{Nl}\\p{No}_]*`, D = "\\p{Nd}";
  const NUMBER = new RegExp(`^${S}*([-+\u2212]?)${S}*([1-9]${D}{0,2}(?:[,${WS}']${D}{3})+|${D}+)?` +
    `(?:[.,](${D}+))?${S}*(?:%|${W}(?:${S}+${W})*)?${S}*$`, "u");
  // Python reads digits of any script: a digit's value is its place in its run of ten.
  const digits = (s) => s.replace(/\p{Nd}/gu, (c) => {
    let n = 0;
    while (n < 9 && /\p{Nd}/u.test(String.fromCodePoint(c.codePointAt(0) - n - 1))) n++;
    return n;
  });
  function parseNumber(text) {
    const m = NUMBER.exec(text.normalize("NFKC").replace(EDGES, "").replace(/[.;]+$/, ""));
    if (!m || (m[2] === undefined && m[3] === undefined)) return null;
    const whole = digits((m[2] || "0").replace(new RegExp(`[,${WS}']`, "g"), ""));
    const value = parseFloat(m[3] ? `${whole}.${digits(m[3])}` : whole);
    return m[1] && m[1] !== "+" ? -value : value;
  }

  /* Score like match_answer. Responses: chosen tokens (single, multiple), boolean,
     text (short, numeric, essay), tokens in order (ordering), token or null per left
     item (matching), text per blank (cloze). Feedback: text, or {key} of sealed text. */
  async function evaluate(data, r) {
    const { type, salt, points } = data, keys = new Set(data.keys);
    const has = async (part, value) => keys.has(await key(salt, part, value));
    const done = (f, feedback = [], parts = [], more = {}) => {
      f = Math.min(1, Math.max(0, f));
      const status = f >= 1 - 1e-9 ? "correct" : f <= 1e-9 ? "incorrect" : "partial";
      if (status !== "partial") f = +(status === "correct");
      return { status, score: f * points, feedback: feedback.filter(Boolean), parts, ...more };
    };
    const none = { status: "unanswered", score: 0, feedback: [], parts: [] };
    const count = (n, word) => `${n} ${word}${n > 1 ? "s" : ""}`;
    const list = [...new Set(typeof r === "boolean" ? [String(r)] : Array.isArray(r) ? r : [])];
    if (type === "single" || type === "true-false") {
      if (list.length !== 1) return list.length ? done(0, [`Choose one option only; you chose ${list.length}.`]) : none;
      const ok = await has("0", list[0]);
      return done(+ok, [{ key: list[0] }], [{ id: list[0], ok }]);
    }
    if (type === "multiple") {
      if (!list.length) return none;
      const right = [];
      for (const t of data.options) if (await has(t, "1")) right.push(t);
      const wrong = list.filter((t) => !right.includes(t)), missed = right.length - list.length + wrong.length;
      const others = data.options.length - right.length, feedback = wrong.map((t) => ({ key: t }));
      if (missed) feedback.push(`You left out ${count(missed, "correct option")}.`);
      if (wrong.length) feedback.push(`${wrong.length} of your choices ${wrong.length > 1 ? "are" : "is"} not correct.`);
      return done((list.length - wrong.length) / right.length - (others ? wrong.length / others : 0), feedback,
        list.map((t) => ({ id: t, ok: right.includes(t) })));
    }
    if (type === "short" || type === "essay") {
      const given = normalize(r || "", type === "essay" || data.accents[0]);
      if (!given) return none;
      if (type === "essay") {
        return { status: "partial", score: 0, essay: true, parts: [],
          feedback: ["Your instructor marks this answer; the checker gives no score for it."] };
      }
      const k = await key(salt, "0", given), ok = keys.has(k);
      return done(+ok, ok ? [] : [{ key: k }], [{ id: "0", ok }]);
    }
    if (type === "numeric") {
      const text = (r || "").replace(EDGES, ""), v = parseNumber(text), t = v === null ? "" : v.toFixed(data.decimals);
      if (!text) return none;
      if (v === null) return done(0, [`I could not read one number in \u201c${text}\u201d; write it in digits, e.g. 42.`]);
      if (Math.abs(t - v) > 1e-9 * Math.max(1, Math.abs(v))) {
        return done(0, [`This page checks numbers to ${data.decimals} decimal place(s); round yours.`], [], { offGrid: true });
      }
      const ok = await has("0", t);
      return done(+ok, [], [{ id: "0", ok }]);
    }
    if (type === "ordering") {
      if (!list.length) return none;
      const n = data.n, pairs = (n * (n - 1)) / 2, given = (list.length * (list.length - 1)) / 2, parts = [];
      let agree = 0;
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) agree += await has("o", `${list[i]}<${list[j]}`);
        parts.push({ id: list[i], ok: await has(`p${i}`, list[i]) });
      }
      const all = list.length === n && agree === given, feedback = all ? [] : [`${agree} of ${pairs} pairs are in the right order.`];
      if (n > list.length) feedback.push(`You left out ${count(n - list.length, "item")}.`);
      return done(all ? 1 : (2 * agree - given) / Math.max(pairs, 1), feedback, parts);
    }
    // matching and cloze: one part per left item or blank
    const n = data.n || data.accents.length, parts = [];
    for (let i = 0; i < n; i++) {
      const given = r && r[i];
      if (type === "matching") { parts.push({ id: `m${i}`, ok: !!given && (await has(`m${i}`, given)), given }); continue; }
      const text = normalize(given || "", data.accents[i]), k = await key(salt, `b${i}`, text), ok = !!text && keys.has(k);
      const note = !text ? "Left empty." : ok ? "" : (await has(`x${i}`, text)) ? "That answer belongs in another blank." : { key: k };
      parts.push({ id: `b${i}`, ok, given: text, note });
    }
    if (!parts.some((p) => p.given)) return none;
    const right = parts.filter((p) => p.ok).length;
    return done(right / n, right === n ? [] : [`${right} of ${n} ${type === "matching" ? "pairs are matched correctly" : "blanks are correct"}.`], parts);
  }

  /* Revealed text arrives as a JSON tree (html.reveal_tree, markup.to_json), never as
     HTML: text becomes text nodes, known tags become elements, links keep only a web,
     mail or relative address. Nothing from a bank is parsed as HTML. */
  const TAGS = new Set(["p", "ul", "ol", "li", "em", "strong", "code", "a", "br"]);
  const safeHref = (href) => {
    const url = String(href || "").replace(/[\u0000-\u0020\u007f]/g, "");
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url);
    return !scheme || /^(https?|mailto)$/i.test(scheme[1]) ? url : "";
  };
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

  // The page: read native inputs, give feedback in the live region, keep the score.
  const num = (x) => String(+x.toFixed(2));
  const pointsText = (x) => `${num(x)} point${x === 1 ? "" : "s"}`;
  const el = (tag, props) => Object.assign(document.createElement(tag), props);
  const para = (textContent, className = "") => el("p", { textContent, className });
  function read(q, type) {
    const parts = [...q.querySelectorAll("[data-r2p-part]")];
    if (type === "ordering") {
      const placed = parts.filter((s) => s.value).sort((a, b) => a.value - b.value);
      return new Set(placed.map((s) => s.value)).size < placed.length ? "clash" : placed.map((s) => s.dataset.r2pPart);
    }
    if (type === "matching" || type === "cloze") return parts.map((c) => c.value || null);
    if (/single|multiple|true/.test(type)) return parts.filter((i) => i.checked).map((i) => i.value);
    return parts[0].value;
  }
  function mark(control, ok) {
    const holder = control.closest(".r2p-option, .r2p-row, .r2p-field");
    if (holder) { holder.classList.toggle("r2p-right", ok === true); holder.classList.toggle("r2p-wrong", ok === false); }
    if (ok === false) control.setAttribute("aria-invalid", "true"); else control.removeAttribute("aria-invalid");
    (holder ? holder.querySelector(".r2p-mark") : control.nextElementSibling).textContent = ok ? " \u2713" : ok === false ? " \u2717" : "";
  }
  const STATUS = {
    correct: "\u2713 Correct.", incorrect: "\u2717 Not quite.", essay: "Answer noted.",
    unanswered: "Answer the question first, then press Check.", clash: "Give each item a different position.",
  };

  function wire(state, update) {
    const { q, data } = state, seal = data.seal || {}, $ = (s) => q.querySelector(s);
    const check = $(".r2p-check"), show = $(".r2p-show"), box = $(".r2p-feedback");
    const explanation = $(".r2p-explanation"), answer = $(".r2p-answer");
    const clear = () => q.querySelectorAll("[data-r2p-part]").forEach((c) => mark(c, null));
    let map;
    const say = async (item) => {
      if (typeof item === "string") return item && para(item);
      map = map || JSON.parse(seal.feedback ? await unseal(data.salt, "feedback", seal.feedback) : "{}");
      if (!map[item.key]) return null;
      const box = el("div");
      box.append(...build(map[item.key]));
      return box;
    };
    const reveal = async (region, name, label) => {
      if (!seal[name] || !region.hidden) return;
      region.replaceChildren(...build(JSON.parse(await unseal(data.salt, name, seal[name]))));
      region.prepend(para(label, "r2p-label"));
      region.hidden = false;
    };
    $(".r2p-actions").hidden = false;
    q.addEventListener("change", clear);
    q.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.isComposing && e.target.matches("input[type=text]")) { e.preventDefault(); check.click(); }
    });
    check.addEventListener("click", async () => {
      const r = read(q, data.type);
      const result = r === "clash" ? { status: r, feedback: [], parts: [] } : await evaluate(data, r);
      const status = result.essay ? "essay" : result.status;
      const lines = [para(STATUS[status] || `\u25d1 Partly right: ${num(result.score)} of ${pointsText(data.points)}.`, "r2p-status")];
      clear();
      for (const p of result.parts) {
        const c = q.querySelector(`[data-r2p-part="${p.id}"]`);
        if (c && (c.checked || !/radio|checkbox/.test(c.type))) mark(c, p.ok);
      }
      for (const item of result.feedback) lines.push(await say(item));
      for (const p of result.parts) {
        const note = p.note && (await say(p.note));
        if (note) { (note.firstElementChild || note).prepend(`Blank ${+p.id.slice(1) + 1}: `); lines.push(note); }
      }
      if (!/unanswered|clash/.test(status)) {
        await reveal(explanation, "explanation", "Explanation");
        if (!explanation.hidden) lines.push(para("The explanation is below."));
        show.hidden = status === "correct" || !seal.answer || !answer.hidden;
        if (!state.revealed && !result.essay) Object.assign(state, { score: result.score, checked: true });
      }
      box.className = `r2p-feedback r2p-${status}`;
      box.replaceChildren(...lines.filter(Boolean));
      update();
    });
    show.addEventListener("click", async () => {
      state.revealed = true;
      await reveal(answer, "answer", "Answer");
      show.hidden = true;
      answer.focus();
      update();
    });
  }

  function setUp(quiz) {
    const all = [...quiz.querySelectorAll(".r2p-question[data-r2p]")].map((q) => ({ q, data: JSON.parse(q.dataset.r2p) }));
    const scored = all.filter((x) => x.data.type !== "essay"), board = quiz.querySelector(".r2p-score");
    const sum = (f) => scored.reduce((s, x) => s + f(x), 0);
    const update = () => {
      board.textContent = `Score: ${num(sum((x) => x.score || 0))} of ${pointsText(sum((x) => x.data.points))} ` +
        `(${sum((x) => !!x.checked)} of ${scored.length} questions checked).`;
      board.hidden = false;
    };
    all.forEach((x) => wire(x, update));
    update();
  }

  globalThis.R2PQuiz = { sha256, sha256Js, key, unseal, normalize, parseNumber, evaluate, build };
  const start = () => document.querySelectorAll(".r2p-question[data-r2p]").forEach((q) => {
    const quiz = q.closest(".r2p-quiz");
    if (!quiz) wire({ q, data: JSON.parse(q.dataset.r2p) }, () => {});
    else if (!quiz.dataset.ready) { quiz.dataset.ready = 1; setUp(quiz); }
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

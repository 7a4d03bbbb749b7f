// translit's web page: sends the Urdu to /v1/translate and shows each English sentence next to
// the Urdu span it came from (the server's sentence offsets). No libraries, no CDN.
"use strict";

const $ = (id) => document.getElementById(id);
const source = $("source"), sourceView = $("source-view"), target = $("target");
const button = $("translate"), edit = $("edit"), keyInput = $("api-key");
let sentences = [];  // [{start, end, source, translation, confidence, alternatives}], in order

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

function sentenceSpan(index, text, lowConfidence) {
  const span = document.createElement("span");
  span.className = lowConfidence ? "s low" : "s";
  span.dataset.i = String(index);
  span.textContent = text;
  return span;
}

// The Urdu as typed, every sentence wrapped in a span at its offsets; the text between kept.
// Offsets count characters (code points), as Python does, not UTF-16 units.
function renderSource(text) {
  const chars = Array.from(text);
  const cut = (a, b) => chars.slice(a, b).join("");
  sourceView.replaceChildren();
  let at = 0;
  sentences.forEach((s, i) => {
    if (s.start > at) sourceView.append(document.createTextNode(cut(at, s.start)));
    sourceView.append(sentenceSpan(i, cut(s.start, s.end), false));
    at = s.end;
  });
  if (at < chars.length) sourceView.append(document.createTextNode(cut(at, chars.length)));
}

function renderTarget(paragraphs) {
  target.replaceChildren();
  let index = 0;
  for (const p of paragraphs) {
    const para = document.createElement("p");
    p.sentences.forEach((s, k) => {
      if (k > 0) para.append(document.createTextNode(" "));
      para.append(sentenceSpan(index++, s.translation, s.confidence < 0.3));
    });
    target.append(para);
  }
}

function highlight(index) {
  for (const el of document.querySelectorAll(".s.hl")) el.classList.remove("hl");
  if (index === null) return;
  for (const el of document.querySelectorAll(`.s[data-i="${index}"]`)) el.classList.add("hl");
}

function showAlternatives(index) {
  const list = $("alternative-list");
  list.replaceChildren();
  const s = sentences[index];
  const others = (s.alternatives || []).filter((a) => a.text !== s.translation);
  for (const a of others) {
    const item = document.createElement("li");
    item.textContent = a.text;
    const score = document.createElement("span");
    score.className = "score";
    score.textContent = `(${a.score.toFixed(2)})`;
    item.append(score);
    list.append(item);
  }
  if (!others.length) {
    const item = document.createElement("li");
    item.textContent = "No other translation.";
    list.append(item);
  }
  $("alternatives").hidden = false;
}

function sentenceOf(event) {
  const el = event.target.closest ? event.target.closest(".s[data-i]") : null;
  return el ? Number(el.dataset.i) : null;
}

for (const side of [sourceView, target]) {
  side.addEventListener("mouseover", (e) => { const i = sentenceOf(e); if (i !== null) highlight(i); });
  side.addEventListener("mouseleave", () => highlight(null));
  side.addEventListener("click", (e) => {  // a tap on a touch screen
    const i = sentenceOf(e);
    if (i === null) return;
    highlight(i);
    if (side === target) showAlternatives(i);
  });
}

async function translate() {
  const text = source.value;
  if (!text.trim()) { showError("Type or paste some Urdu first."); return; }
  showError("");
  button.disabled = true;
  $("status").textContent = "Translating…";
  try {
    const body = { text, nbest: 4 };
    if (keyInput.value) body.api_key = keyInput.value;
    const response = await fetch("/v1/translate", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    if (!response.ok) throw new Error(answer.error || `HTTP ${response.status}`);
    sentences = answer.paragraphs.flatMap((p) => p.sentences);
    renderSource(text);
    renderTarget(answer.paragraphs);
    $("alternatives").hidden = true;
    source.hidden = true;
    sourceView.hidden = false;
    edit.hidden = false;
    $("status").textContent = `${sentences.length} sentence${sentences.length === 1 ? "" : "s"}`;
  } catch (error) {
    showError(error.message);
    $("status").textContent = "";
  } finally {
    button.disabled = false;
  }
}

button.addEventListener("click", translate);
source.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) translate(); });
edit.addEventListener("click", () => {
  source.hidden = false; sourceView.hidden = true; edit.hidden = true; source.focus();
});

fetch("/frontend/settings").then((r) => r.json()).then((settings) => {
  if (settings.apiKeys) keyInput.hidden = false;
  if (settings.charLimit > 0) source.maxLength = settings.charLimit;
}).catch(() => {});

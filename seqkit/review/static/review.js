// The review page: one question at a time, one submission at a time.
// Every change to the points or the comment is sent to the server as it is typed
// (after a short pause) and before moving on; the server keeps it in results.sqlite.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {questions: [], question: null, subs: [], index: 0, seen: 0,
               timer: null, pending: null, dirty: false};

async function getJSON(url) {
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function notice(text, kind) {
  const box = $("notice");
  box.textContent = text || "";
  box.hidden = !text;
  box.className = kind || "";
}

function fmt(x) { return x === null || x === undefined ? "—" : String(+x); }

function remember() {
  const sub = state.subs[state.index];
  if (sub) location.replace(`#${encodeURIComponent(state.question.name)}/${encodeURIComponent(sub.submission)}`);
}

function renderList() {
  const list = $("list");
  list.replaceChildren(...state.subs.map((s, i) => {
    const li = document.createElement("li");
    const points = s.review ? s.review.points : null;
    li.className = (i === state.index ? "current " : "") + (points === null ? "todo" : "done");
    li.dataset.index = i;
    const name = document.createElement("span");
    name.textContent = s.submission;
    const pts = document.createElement("span");
    pts.className = "pts";
    pts.textContent = fmt(points);
    li.append(name, pts);
    li.addEventListener("click", () => go(i));
    return li;
  }));
  const done = state.subs.filter((s) => s.review && s.review.points !== null).length;
  $("progress").textContent = `${done} of ${state.subs.length} reviewed`;
  const current = list.children[state.index];
  if (current) current.scrollIntoView({block: "nearest"});
}

async function loadQuestion(name, wanted) {
  const q = await getJSON(`/api/question/${encodeURIComponent(name)}`);
  state.question = q;
  state.subs = q.submissions;
  $("question").value = name;
  $("possible").textContent = fmt(q.points);
  $("rubric").innerHTML = q.rubric;       // rendered by the server from the solution notebook
  $("prompt").innerHTML = q.prompt;
  $("rubric-box").hidden = !q.rubric;
  let index = state.subs.findIndex((s) => s.submission === wanted);
  if (index < 0) index = Math.max(0, state.subs.findIndex((s) => !s.review || s.review.points === null));
  await show(index);
}

async function show(index) {
  state.index = Math.min(Math.max(index, 0), state.subs.length - 1);
  const sub = state.subs[state.index];
  const q = state.question;
  // fetched first, so that the page changes all at once
  const answer = await getJSON(`/api/answer/${encodeURIComponent(q.name)}/${encodeURIComponent(sub.submission)}`);
  $("subname").textContent = sub.submission + (sub.student ? ` (${sub.student})` : "");
  $("position").textContent = `${state.index + 1} / ${state.subs.length}`;
  $("status").textContent = sub.status === "graded" ? "" : `autograding: ${sub.status}`;
  const images = [];
  for (let i = 0; i < (answer.images || 0); i++) {
    const img = document.createElement("img");
    img.alt = `plot ${i + 1} of ${sub.submission}`;
    img.src = `/api/image/${encodeURIComponent(q.name)}/${encodeURIComponent(sub.submission)}/${i}`;
    images.push(img);
  }
  if (answer.found && !answer.images) {
    const none = document.createElement("p");
    none.className = "dim";
    none.textContent = "(no plot in the notebook)";
    images.push(none);
  }
  $("images").replaceChildren(...images);
  if (answer.found) {
    $("text").innerHTML = answer.text + (answer.truncated ? "<p><em>(cut: the answer is longer)</em></p>" : "");
  } else {
    $("text").textContent = answer.why;
  }
  $("output").textContent = answer.output || "";
  $("output-box").hidden = !answer.output;
  const review = sub.review;
  state.seen = review ? review.id : 0;
  $("points").value = review && review.points !== null ? String(+review.points) : "";
  $("points").setAttribute("aria-invalid", "false");
  $("comment").value = review ? review.comment : "";
  $("saved").textContent = review ? `saved by ${review.grader} at ${review.saved_at.slice(11)}` : "not reviewed yet";
  state.dirty = false;
  renderList();
  remember();
}

function changed() {
  state.dirty = true;
  $("saved").textContent = "not saved yet…";
  clearTimeout(state.timer);
  state.timer = setTimeout(save, 400);
}

async function save() {
  clearTimeout(state.timer);
  if (state.pending) await state.pending;        // one save at a time, in order
  if (!state.dirty) return true;
  state.dirty = false;
  const sub = state.subs[state.index];
  const body = {question: state.question.name, submission: sub.submission,
                points: $("points").value.trim(), comment: $("comment").value,
                grader: $("grader").value, seen: state.seen};
  state.pending = (async () => {
    let r, reply;
    try {
      r = await fetch("/api/review", {method: "POST", headers: {"Content-Type": "application/json"},
                                      body: JSON.stringify(body)});
      reply = await r.json();
    } catch (e) {
      reply = {error: "the server does not answer (is seqkit review still running?); not saved"};
    }
    if (!r || !r.ok) {
      state.dirty = true;                        // kept in the field, saved once it is valid
      $("saved").textContent = "NOT SAVED";
      if (/points/.test(reply.error)) $("points").setAttribute("aria-invalid", "true");
      notice(reply.error, "error");
      return false;
    }
    $("points").setAttribute("aria-invalid", "false");
    sub.review = {id: reply.id, points: body.points === "" ? null : +body.points,
                  comment: body.comment, grader: body.grader.trim(), saved_at: reply.saved_at};
    state.seen = reply.id;
    $("saved").textContent = `saved at ${reply.saved_at.slice(11)}`;
    if (reply.replaced) {
      const other = reply.replaced;
      notice(`${other.grader} had saved ${fmt(other.points)} point(s)` +
             (other.comment ? ` ("${other.comment}")` : "") +
             ` for ${sub.submission} at ${other.saved_at.slice(11)}, after this page showed it; ` +
             `your grade replaced theirs (theirs stays in results.sqlite's history).`, "");
    } else if ($("notice").className === "error") {
      notice("");
    }
    renderList();
    return true;
  })();
  const ok = await state.pending;
  state.pending = null;
  return ok;
}

async function go(index) {
  if (!(await save())) return;                   // stay on an answer that could not be saved
  const wanted = state.subs[Math.min(Math.max(index, 0), state.subs.length - 1)].submission;
  await loadQuestion(state.question.name, wanted);  // fresh: another grader may have saved
}

async function switchQuestion(step) {
  if (!(await save())) return;
  const names = state.questions.map((q) => q.name);
  const next = names[(names.indexOf(state.question.name) + step + names.length) % names.length];
  await loadQuestion(next);
}

function nextUnreviewed() {
  const n = state.subs.length;
  for (let k = 1; k <= n; k++) {
    const i = (state.index + k) % n;
    const r = state.subs[i].review;
    if (!r || r.points === null) return go(i);
  }
  notice("Every submission of this question is reviewed.", "");
}

function typing(target) { return target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT"; }

document.addEventListener("keydown", (e) => {
  if (e.target.id === "points" && e.key === "Enter") { e.preventDefault(); go(state.index + 1); return; }
  if (e.target.id === "comment" && e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); go(state.index + 1); return; }
  if (typing(e.target)) { if (e.key === "Escape") e.target.blur(); return; }
  if (e.ctrlKey || e.altKey || e.metaKey) return;
  const keys = {j: () => go(state.index + 1), ArrowDown: () => go(state.index + 1),
                k: () => go(state.index - 1), ArrowUp: () => go(state.index - 1),
                u: nextUnreviewed, "]": () => switchQuestion(1), "[": () => switchQuestion(-1),
                p: () => $("points").focus(), c: () => $("comment").focus()};
  if (/^[0-9]$/.test(e.key)) { $("points").value = e.key; changed(); save(); e.preventDefault(); return; }
  if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
});

window.addEventListener("beforeunload", (e) => {
  if (state.dirty || state.pending) { save(); e.preventDefault(); e.returnValue = ""; }
});

async function start() {
  $("grader").value = localStorage.getItem("seqkit-review-grader") || "";
  $("grader").addEventListener("input", () => {
    localStorage.setItem("seqkit-review-grader", $("grader").value.trim());
    if (/grader field/.test($("notice").textContent) && $("grader").value.trim()) notice("");
  });
  $("points").addEventListener("input", changed);
  $("comment").addEventListener("input", changed);
  $("question").addEventListener("change", async (e) => { if (await save()) await loadQuestion(e.target.value); });
  try {
    const overview = await getJSON("/api/overview");
    state.questions = overview.questions;
    $("assignment").textContent = `${overview.assignment} (${overview.folder})`;
    document.title = `seqkit review: ${overview.assignment}`;
    $("question").replaceChildren(...overview.questions.map((q) => {
      const o = document.createElement("option");
      o.value = q.name;
      o.textContent = `${q.name} (${fmt(q.points)} points)`;
      return o;
    }));
    const [qname, sub] = location.hash.slice(1).split("/").map(decodeURIComponent);
    const names = overview.questions.map((q) => q.name);
    await loadQuestion(names.includes(qname) ? qname : names[0], sub);
    if (!$("grader").value) { notice("Type your name in the grader field: it is saved with every grade.", ""); $("grader").focus(); }
  } catch (e) {
    notice(e.message, "error");
  }
}
start();

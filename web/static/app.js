// A little plain JavaScript on top of server-rendered pages; every page also works without it.
"use strict";

// Server-sent events from a POST: yields {event, data} as the frames arrive.
async function* sseFrames(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event = "message", data = "";
      for (const line of frame.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data += line.slice(5).trim();
      }
      yield { event, data: data ? JSON.parse(data) : null };
    }
  }
}

// Ask: each question is streamed into the conversation; the final turn is server-rendered HTML.
function setupAsk() {
  const form = document.getElementById("ask-form");
  if (!form) return;
  const turns = document.getElementById("turns");
  const q = document.getElementById("q");
  const cid = document.getElementById("cid");
  const button = document.getElementById("ask-button");
  form.addEventListener("submit", async (ev) => {
    const question = q.value.trim();
    if (!question) { ev.preventDefault(); return; }
    ev.preventDefault();
    const empty = document.getElementById("empty");
    if (empty) empty.remove();
    const turn = document.createElement("div");
    turn.className = "turn";
    const qd = document.createElement("div"); qd.className = "q"; qd.textContent = question;
    const ad = document.createElement("div"); ad.className = "a pending"; ad.textContent = "Searching the papers…";
    turn.append(qd, ad); turns.append(turn);
    turn.scrollIntoView({ block: "end" });
    const body = new FormData(form);
    button.disabled = true; q.value = "";
    try {
      const resp = await fetch(form.dataset.stream, { method: "POST", body, headers: { Accept: "text/event-stream" } });
      if (!resp.ok) throw new Error((await resp.text()) || resp.statusText);
      let started = false;
      for await (const { event, data } of sseFrames(resp)) {
        if (event === "sentence") {
          if (!started) { ad.textContent = ""; started = true; }
          ad.append(document.createTextNode(data.text + " " + data.cites.map((n) => `[${n}]`).join("") + " "));
        } else if (event === "reset") {
          // a sentence failed verification: what was shown is withdrawn, the checked answer follows
          ad.textContent = "Checking the answer against the papers…"; started = false;
        } else if (event === "turn") {
          turn.outerHTML = data.html;
          cid.value = data.conversation_id;
          const url = new URL(window.location.href);
          url.search = ""; url.searchParams.set("cid", data.conversation_id);
          window.history.replaceState(null, "", url);
        } else if (event === "error") {
          ad.className = "a abstained"; ad.textContent = data.detail;
        }
      }
    } catch (err) {
      ad.className = "a abstained"; ad.textContent = "The question could not be answered: " + err.message;
    } finally {
      button.disabled = false; q.focus();
    }
  });
}

// Documents: upload without leaving the page, then follow each job until it finishes.
function setupDocuments() {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const refresh = async () => {
    const jobs = document.getElementById("jobs");
    const html = await (await fetch("/documents/_jobs")).text();
    const wasRunning = jobs.dataset.running;
    jobs.outerHTML = html;
    const now = document.getElementById("jobs");
    if (now.dataset.running) setTimeout(refresh, 500);
    else if (wasRunning) {
      document.getElementById("document-list").outerHTML = await (await fetch("/documents/_list")).text();
      bindRemove();
    }
  };
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const body = uploadBody(form);
    if (!body) { alert("Choose mark exempt or mark public for these items."); return; }
    const resp = await fetch("/api/documents", { method: "POST", body });
    if (!resp.ok) {
      const detail = (await resp.json()).detail;
      alert(typeof detail === "string" ? detail
        : detail.map((d) => `${d.loc[d.loc.length - 1]}: ${d.msg}`).join("\n"));
      return;
    }
    form.reset();
    document.getElementById("jobs").dataset.running = "1";
    refresh();
  });
  if (document.getElementById("jobs").dataset.running) setTimeout(refresh, 500);
  bindRemove();
}

// The page's choice (mark, items) as the API's fields: exempt=ITEMS or public=ITEMS
// (blank items: every item), the same values as `meetingpack ingest --exempt/--public`.
function uploadBody(form) {
  const body = new FormData(form);
  const mark = body.get("mark"), items = body.get("items") || "";
  body.delete("mark"); body.delete("items");
  if (!mark && items.trim()) return null;  // items with "detect automatically": ask which mark
  if (mark) body.set(mark, items);
  return body;
}

function bindRemove() {
  for (const f of document.querySelectorAll("form.remove")) {
    f.onsubmit = () => window.confirm(`Remove “${f.dataset.title}” from the store?`);
  }
}

document.addEventListener("DOMContentLoaded", () => { setupAsk(); setupDocuments(); });

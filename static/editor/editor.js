// Editor pages: (1) a passage selected in the article text becomes the citation's quote,
// by mouse (on mouseup) or from the keyboard ("Use selection as quote"); (2) place and actor
// fields suggest gazetteer entries as you type, in either script, through a native <datalist>.
// Text from the article or the server only ever goes into .value / textContent.

const article = document.getElementById("article-text");
const quoteFields = [...document.querySelectorAll("textarea.quote-target")];
// The quote field in use: the last one focused, else the last on the page (the citation form
// sits below the search form, so after "Find likely duplicates" it is the one that matters).
let activeQuote = quoteFields[quoteFields.length - 1] || null;
let lastSelection = "";

function selectionInArticle() {
  const sel = document.getSelection();
  if (!article || !sel || sel.isCollapsed || sel.rangeCount === 0) return "";
  const range = sel.getRangeAt(0);
  if (!article.contains(range.commonAncestorContainer)) return "";
  return sel.toString().replace(/\s+/g, " ").trim();
}

function fill(field, text) {
  if (!field || !text) return;
  field.value = text.slice(0, 1000);
  field.dispatchEvent(new Event("input", { bubbles: true }));
  field.classList.add("just-filled");
  setTimeout(() => field.classList.remove("just-filled"), 900);
}

if (article && quoteFields.length) {
  quoteFields.forEach((f) => f.addEventListener("focus", () => { activeQuote = f; }));
  document.addEventListener("selectionchange", () => {
    const text = selectionInArticle();
    if (text) lastSelection = text;
  });
  article.addEventListener("mouseup", () => fill(activeQuote, selectionInArticle()));
  document.querySelectorAll("button.use-selection").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => {
      const target = document.getElementById(button.dataset.target);
      fill(target, selectionInArticle() || lastSelection);
      if (target) { activeQuote = target; target.focus(); }
    });
  });
}

function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

document.querySelectorAll("input.lookup[data-lookup]").forEach((input, n) => {
  const list = document.createElement("datalist");
  list.id = `lookup-list-${n}`;
  input.after(list);
  input.setAttribute("list", list.id);
  let controller;
  input.addEventListener("input", debounce(async () => {
    const q = input.value.trim();
    if (q.length < 2 || /\[[a-z0-9-]+\]$/.test(q)) return;
    controller?.abort();
    controller = new AbortController();
    try {
      const url = `${input.dataset.lookup}?q=${encodeURIComponent(q)}`;
      const response = await fetch(url, { signal: controller.signal, credentials: "same-origin" });
      if (!response.ok) return;
      const { results } = await response.json();
      list.replaceChildren(...results.map((row) => {
        const option = document.createElement("option");
        option.value = row.label;
        return option;
      }));
    } catch (error) {
      if (error.name !== "AbortError") console.warn("lookup failed", error);
    }
  }, 150));
});

// Errors: bring the summary into view and focus so screen readers announce it.
document.querySelector(".conflict, .error-summary")?.focus();

// (3) The assistant's suggestions: pointing at or focusing a value highlights the words of the
// article it was read from (offsets into the text as stored; the page shows that text as-is).
const original = document.getElementById("article-text-original");
if (article && original && window.CSS && CSS.highlights) {
  const text = JSON.parse(original.textContent);
  const node = article.firstChild;
  // Python counts code points; the DOM counts UTF-16 units, and HTML turns \r\n into \n.
  const units = [];
  let unit = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i);
    const size = cp > 0xffff ? 2 : 1;
    units.push(unit);
    const crlf = text[i] === "\r" && text[i + 1] === "\n";
    unit += crlf ? 0 : size;
    i += size;
  }
  units.push(unit);
  const rangeFor = (start, end) => {
    const r = new Range();
    r.setStart(node, Math.min(units[start] ?? unit, node.length));
    r.setEnd(node, Math.min(units[end] ?? unit, node.length));
    return r;
  };
  const show = (el) => {
    const ranges = (el.dataset.evidence || "").split(" ").filter(Boolean).map((pair) => {
      const [s, e] = pair.split("-").map(Number);
      return rangeFor(s, e);
    });
    if (!ranges.length) return;
    CSS.highlights.set("evidence", new Highlight(...ranges));
    article.dataset.highlighted = el.dataset.evidence;
    const box = ranges[0].getBoundingClientRect();
    const pane = article.getBoundingClientRect();
    if (box.top < pane.top || box.bottom > pane.bottom) {
      article.scrollTop += box.top - pane.top - pane.height / 3;
    }
  };
  const hide = () => {
    CSS.highlights.delete("evidence");
    delete article.dataset.highlighted;
  };
  document.querySelectorAll("[data-evidence]").forEach((el) => {
    el.addEventListener("mouseenter", () => show(el));
    el.addEventListener("focus", () => show(el));
    el.addEventListener("mouseleave", hide);
    el.addEventListener("blur", hide);
  });
}

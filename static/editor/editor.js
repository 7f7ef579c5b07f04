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

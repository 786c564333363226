// Page code: each page's data-page attribute picks its controller below. All calls go through
// api.js and every failure through ui.js.

import {
  ApiError,
  api,
  leaveNotice,
  logIn,
  loginUrl,
  logOut,
  newIdempotencyKey,
  register,
  restoreSession,
  takeNotice,
} from "./api.js";
import {
  clearFieldErrors,
  clearNotice,
  element,
  guard,
  notify,
  notifyError,
  setBusy,
  showFieldErrors,
} from "./ui.js";
import { accountPage } from "./account.js";

const POLL_INTERVAL_MS = 1000;
const RECENT_TRANSACTIONS = 5;

// An amount as its currency writes it, never rounded: the currency's own minor units (none for
// JPY, three for KWD), or more when the amount has more ("999999999.99" JPY stays .99).
const money = (amount, currency) => {
  const decimals = (String(amount).split(".")[1] || "").replace(/0+$/, "").length;
  try {
    const minor = new Intl.NumberFormat(undefined, { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits;
    const digits = Math.max(minor, decimals);
    return new Intl.NumberFormat(undefined, {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
};

// A category as people read it: the label the page's own category list gives it.
function categoryLabel(value) {
  const option = document.querySelector(`select[name="category"] option[value="${CSS.escape(value)}"]`);
  return option ? option.textContent : value;
}

const dateTime = (iso) => new Date(iso).toLocaleString();

function formValues(form) {
  const values = {};
  for (const [name, value] of new FormData(form).entries()) values[name] = String(value).trim();
  return values;
}

// Every field is sent, so an edit can also clear one: an empty original price as null (the API
// refuses "" for a price), every other empty field as "".
function dealPayload(form) {
  const values = formValues(form);
  return {
    title: values.title,
    price: values.price,
    original_price: values.original_price || null,
    currency: values.currency || "USD",
    category: values.category,
    url: values.url,
    description: values.description,
  };
}

async function submitting(form, action) {
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  setBusy(form, true);
  clearFieldErrors(form);
  clearNotice(form);
  try {
    return await action();
  } catch (error) {
    if (!showFieldErrors(form, error)) notifyError(error, form);
    return undefined;
  } finally {
    button.disabled = false;
    setBusy(form, false);
  }
}

// A signed-in page without a session goes to the login page, which brings the user back here.
async function requireSession() {
  const state = await restoreSession();
  if (state === "active") return true;
  if (state === "refused") {
    leaveNotice({ title: "Session expired", message: "Your session has expired. Please log in again." });
  }
  window.location.assign(loginUrl());
  return false;
}

const HOME = "/deals";

// Back to where the user was after logging in: a path of this site only. The target is judged
// as the browser will read it (its URL parser drops tabs and newlines, takes a backslash for a
// slash and "//" for the start of another host), and what was judged is what is followed: the
// parsed path, query and fragment. A parsed path that starts with "//" would name a host when
// followed, so it goes home too.
function returnPath() {
  const next = new URLSearchParams(window.location.search).get("next") || "";
  if (!next.startsWith("/")) return HOME;
  let target;
  try {
    target = new URL(next, window.location.origin);
  } catch {
    return HOME;
  }
  if (target.origin !== window.location.origin || target.pathname.startsWith("//")) return HOME;
  return `${target.pathname}${target.search}${target.hash}`;
}

// ---- header: balance and recent transactions, on every signed-in page ----

async function refreshWallet() {
  const [balance, transactions] = await Promise.all([
    api.get("/tokens/balance"),
    api.get("/tokens/transactions"),
  ]);
  document.querySelector("[data-balance]").textContent = String(balance.available);
  document.querySelector("[data-balance-figures]").textContent =
    `Balance ${balance.balance}, held ${balance.held}, available ${balance.available}.`;
  const list = document.querySelector("[data-transactions]");
  const recent = transactions.results.slice(0, RECENT_TRANSACTIONS);
  list.replaceChildren(
    ...recent.map((entry) =>
      element(
        "li",
        {},
        element("span", { class: entry.amount < 0 ? "amount debit" : "amount credit", text: entry.amount > 0 ? `+${entry.amount}` : String(entry.amount) }),
        " ",
        element("span", { text: entry.description || entry.transaction_type }),
        element("time", { datetime: entry.created_at, class: "muted", text: dateTime(entry.created_at) }),
      ),
    ),
  );
  if (!recent.length) list.replaceChildren(element("li", { class: "muted", text: "No transactions yet." }));
  return balance;
}

async function setUpHeader() {
  const account = document.querySelector("[data-account]");
  if (!account) return;
  account.hidden = false;
  account.querySelector("[data-logout]").addEventListener("click", logOut);
  const me = await api.get("/auth/me");
  account.querySelector("[data-user-email]").textContent = me.email;
}

// ---- login and registration ----

// The login and registration forms come with their button disabled: until this script listens,
// a submit would be the browser's own, with the password in the address.
function listen(form, onSubmit) {
  form.addEventListener("submit", onSubmit);
  form.querySelector('button[type="submit"]').disabled = false;
}

async function loginPage() {
  // Already signed in in this browser (another tab, a reload): straight on. The form opens only
  // once that is settled, so this never leaves the page in the middle of a sign-in.
  if ((await restoreSession()) === "active") {
    window.location.assign(returnPath());
    return;
  }
  const form = document.querySelector('[data-form="login"]');
  listen(form, async (event) => {
    event.preventDefault();
    const { email, password } = formValues(form);
    const pair = await submitting(form, () => logIn(email, password));
    if (pair) window.location.assign(returnPath());
  });
}

function registerPage() {
  const form = document.querySelector('[data-form="register"]');
  listen(form, async (event) => {
    event.preventDefault();
    const { name, email, password } = formValues(form);
    const created = await submitting(form, async () => {
      await register(name, email, password);
      return logIn(email, password);
    });
    if (created) {
      leaveNotice({ title: "Welcome", message: "Your account is ready. Save your first deal below." });
      window.location.assign("/deals");
    }
  });
}

// ---- deals list ----

// How far below its original price a deal is; under 1% is said so, not rounded to "−0%".
function discountText(deal) {
  if (!deal.original_price) return null; // an original price is always above the price
  const percent = deal.discount_percent ?? 0;
  return percent < 1 ? "\u2212<1%" : `\u2212${Math.round(percent)}%`;
}

// A deal's line: its latest verdict comes with the list's own answer (`latest_analysis`).
function dealItem(deal) {
  const discount = discountText(deal);
  const latest = deal.latest_analysis;
  const verdict = latest
    ? element("span", {
        class: `deal-verdict verdict verdict-${latest.verdict}`,
        "data-verdict": true,
        text: `${latest.verdict.toUpperCase()} ${latest.score}/100`,
      })
    : element("span", { class: "deal-verdict muted", "data-verdict": true, text: "Not analysed" });
  return element(
    "li",
    { class: "deal-item", "data-deal-id": deal.id },
    element("a", { href: `/deals/${deal.id}`, text: deal.title }),
    element("span", { class: "price", text: money(deal.price, deal.currency) }),
    discount ? element("span", { class: "badge", "data-discount": true, text: discount }) : null,
    verdict,
    element("span", { class: "muted", "data-category": true, text: categoryLabel(deal.category) }),
  );
}

// The cursor a list's `next` or `previous` link carries; null when there is no such page.
function cursorOf(link) {
  return link ? new URL(link, window.location.href).searchParams.get("cursor") : null;
}

// A list's path with its filters and, past the newest page, the cursor of the page to show.
function listPath(path, filters, cursor) {
  const query = new URLSearchParams(filters);
  if (cursor) query.set("cursor", cursor);
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

const FILTERS = ["search", "category", "min_price", "max_price"];

// The list's state lives in the page's URL (filters, the cursor of the page shown and its
// number), so a reload, a shared link and Back all show the same page of the same filter.
function listState() {
  const query = new URLSearchParams(window.location.search);
  const filters = {};
  for (const name of FILTERS) {
    const value = (query.get(name) || "").trim();
    if (value) filters[name] = value;
  }
  const page = Number.parseInt(query.get("page") || "1", 10);
  return { filters, cursor: query.get("cursor"), page: Number.isFinite(page) && page > 0 ? page : 1 };
}

function listUrl({ filters, cursor, page }) {
  const query = new URLSearchParams(filters);
  if (cursor) {
    query.set("cursor", cursor);
    query.set("page", String(page));
  }
  const search = query.toString();
  return search ? `/deals?${search}` : "/deals";
}

function dealListPage() {
  // Pages follow the API's cursors: `cursor` null is the newest page; `page` only labels it.
  let state = listState();
  let links = { next: null, previous: null };
  const list = document.querySelector("[data-deals]");
  const empty = document.querySelector("[data-deals-empty]");
  const pager = document.querySelector("[data-pager]");
  const previous = pager.querySelector("[data-page-previous]");
  const next = pager.querySelector("[data-page-next]");
  const label = pager.querySelector("[data-page-label]");
  const filterForm = document.querySelector('[data-form="filter"]');

  function showFilters() {
    for (const name of FILTERS) {
      const input = filterForm.elements.namedItem(name);
      if (input) input.value = state.filters[name] || "";
    }
  }

  async function load() {
    setBusy(list, true);
    try {
      let result;
      try {
        result = await api.get(listPath("/deals", state.filters, state.cursor));
      } catch (error) {
        // A cursor from an old link (another key, another filter) starts again at the newest.
        if (!(error instanceof ApiError) || !state.cursor || !("cursor" in (error.details || {}))) throw error;
        state = { ...state, cursor: null, page: 1 };
        window.history.replaceState(null, "", listUrl(state));
        result = await api.get(listPath("/deals", state.filters, null));
      }
      list.replaceChildren(...result.results.map(dealItem));
      // Deals saved elsewhere can put newer pages before the first one seen: count from there.
      state.page = result.previous ? Math.max(state.page, 2) : 1;
      const filtered = Object.keys(state.filters).length > 0;
      empty.hidden = result.results.length > 0;
      empty.textContent =
        state.page > 1
          ? "No older deals: they were deleted since."
          : filtered
            ? "No deal matches these filters."
            : "No deals yet. Save one above.";
      pager.hidden = !result.previous && !result.next;
      label.textContent = state.page === 1 ? "Newest" : `Page ${state.page}`;
      previous.disabled = !result.previous;
      next.disabled = !result.next;
      links = result;
    } finally {
      setBusy(list, false);
    }
  }

  function go(changes) {
    state = { ...state, ...changes };
    window.history.pushState(null, "", listUrl(state));
    load().catch((error) => notifyError(error, list));
  }

  previous.addEventListener("click", () => go({ cursor: cursorOf(links.previous), page: state.page - 1 }));
  next.addEventListener("click", () => go({ cursor: cursorOf(links.next), page: state.page + 1 }));
  window.addEventListener("popstate", () => {
    state = listState();
    showFilters();
    load().catch((error) => notifyError(error, list));
  });

  filterForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = formValues(filterForm);
    // An empty filter is no filter: the API refuses `?search=` rather than guess.
    const filters = Object.fromEntries(Object.entries(values).filter(([, value]) => value));
    go({ filters, cursor: null, page: 1 });
  });

  const form = document.querySelector('[data-form="create"]');
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const payload = dealPayload(form);
    const key = newIdempotencyKey();
    const deal = await submitting(form, () =>
      api.post("/deals", payload, { headers: { "Idempotency-Key": key } }),
    );
    if (deal) {
      form.reset();
      notify({ title: "Saved", message: `"${deal.title}" was saved.`, kind: "success", near: form });
      if (state.cursor) go({ cursor: null, page: 1 }); // the new deal is the newest: show its page
      else await load();
    }
  });

  showFilters();
  return load();
}

// ---- one deal: details, edit, delete, analyse ----

function showDeal(deal) {
  document.title = `${deal.title} · Agentic Deals`;
  document.querySelector("[data-deal-title]").textContent = deal.title;
  document.querySelector("[data-deal-price]").textContent = money(deal.price, deal.currency);
  document.querySelector("[data-deal-original]").textContent = deal.original_price
    ? money(deal.original_price, deal.currency)
    : "";
  const discount = document.querySelector("[data-deal-discount]");
  const text = discountText(deal);
  discount.hidden = !text;
  discount.textContent = text || "";
  document.querySelector("[data-deal-description]").textContent = deal.description;
  document.querySelector("[data-deal-category]").textContent = categoryLabel(deal.category);
  const link = document.querySelector("[data-deal-url]");
  link.hidden = !deal.url;
  if (deal.url) link.href = deal.url;
  setBusy(document.querySelector("[data-deal]"), false);
}

const DEAL_FIELDS = ["title", "price", "original_price", "currency", "category", "url", "description"];
const FIELD_LABELS = {
  title: "Title",
  price: "Price",
  original_price: "Original price",
  currency: "Currency",
  category: "Category",
  url: "Link",
  description: "Description",
};

function fillDealForm(form, deal) {
  for (const name of DEAL_FIELDS) {
    form.elements.namedItem(name).value = deal[name] ?? "";
  }
}

const STATUS_TEXT = {
  queued: "Queued: waiting for a worker…",
  running: "Running: the AI is reading the deal…",
  succeeded: "Done.",
  failed: "The analysis failed. Nothing was charged.",
};
const FINISHED = new Set(["succeeded", "failed"]);

function showAnalysis(analysis) {
  const section = document.querySelector("[data-analysis]");
  section.hidden = false;
  section.dataset.status = analysis.status;
  document.querySelector("[data-analysis-status]").textContent =
    analysis.status === "failed" && analysis.error
      ? `${STATUS_TEXT.failed} (${analysis.error.message || analysis.error.code || "unknown reason"})`
      : STATUS_TEXT[analysis.status];
  const result = document.querySelector("[data-analysis-result]");
  result.hidden = analysis.status !== "succeeded" || !analysis.result;
  if (result.hidden) return;
  const outcome = analysis.result;
  document.querySelector("[data-result-score]").textContent = String(outcome.score);
  const verdict = document.querySelector("[data-result-verdict]");
  verdict.textContent = outcome.verdict.toUpperCase();
  verdict.className = `verdict verdict-${outcome.verdict}`;
  document.querySelector("[data-result-degraded]").hidden = !analysis.degraded;
  document.querySelector("[data-result-summary]").textContent = outcome.summary;
  const items = (values) =>
    values.length ? values.map((value) => element("li", { text: value })) : [element("li", { class: "muted", text: "None" })];
  document.querySelector("[data-result-pros]").replaceChildren(...items(outcome.pros || []));
  document.querySelector("[data-result-cons]").replaceChildren(...items(outcome.cons || []));
  document.querySelector("[data-result-meta]").textContent =
    `By ${analysis.provider}, confidence ${Math.round(outcome.confidence * 100)}%, ` +
    `cost ${analysis.cost} tokens, finished ${dateTime(analysis.finished_at)}.`;
}

// Every analysis of the deal, newest first, from the API: the same on any device or tab. Older
// pages are appended below when asked for.
function showHistory(analyses, { append = false } = {}) {
  const list = document.querySelector("[data-history-list]");
  const items = analyses.map((analysis) => {
    const outcome = analysis.result;
    return element(
      "li",
      { class: "history-item", "data-analysis-id": analysis.id, "data-status": analysis.status },
      element("span", {
        class: outcome ? `verdict verdict-${outcome.verdict}` : "status",
        text: outcome ? outcome.verdict.toUpperCase() : analysis.status,
      }),
      element("span", { class: "history-score", text: outcome ? `${outcome.score}/100` : "" }),
      analysis.degraded ? element("span", { class: "badge warning", text: "Degraded" }) : null,
      element("span", { class: "muted", text: analysis.provider || "" }),
      element("span", { class: "history-cost", text: `cost ${analysis.cost}` }),
      element("time", {
        datetime: analysis.created_at,
        class: "muted",
        text: dateTime(analysis.finished_at || analysis.created_at),
      }),
    );
  });
  if (append) list.append(...items);
  else list.replaceChildren(...items);
  document.querySelector("[data-history]").hidden = list.children.length === 0;
}

const pause = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

let olderHistory = null; // the cursor of the deal's next older page of analyses

async function loadHistory(dealId, { older = false } = {}) {
  const page = await api.get(listPath(`/deals/${dealId}/analyses`, {}, older ? olderHistory : null));
  showHistory(page.results, { append: older });
  olderHistory = cursorOf(page.next);
  document.querySelector("[data-history-more]").hidden = !olderHistory;
  return page.results;
}

async function follow(dealId, analysisId) {
  for (;;) {
    const analysis = await api.get(`/analyses/${analysisId}`);
    showAnalysis(analysis);
    if (FINISHED.has(analysis.status)) {
      await Promise.all([refreshWallet(), loadHistory(dealId)]);
      return analysis;
    }
    await pause(POLL_INTERVAL_MS);
  }
}

// A deal that cannot be shown: say why, and offer nothing to do to it.
function showUnavailable(error) {
  const notYours = error.status === 403;
  document.querySelector("[data-deal]").hidden = true;
  const section = document.querySelector("[data-deal-unavailable]");
  section.hidden = false;
  section.querySelector("h1").textContent = notYours ? "Not yours" : "Not found";
  section.querySelector("p").textContent = notYours
    ? "This deal belongs to another account."
    : "There is no such deal. It may have been deleted.";
  document.title = `${notYours ? "Not yours" : "Not found"} · Agentic Deals`;
}

// One intention, one charge. A click makes an Idempotency-Key; the button is disabled from the
// click until the analysis has finished, so a click during a slow answer does nothing; the
// second click of a double click (event.detail 2) reuses the key, and so does the click that
// retries after a connection failure or a 5xx, so the server replays rather than charges again.
function analyseButton(dealId) {
  const button = document.querySelector("[data-analyse]");
  const actions = document.querySelector("[data-deal-actions]");
  let intention = null;
  button.addEventListener("click", async (event) => {
    if (button.disabled) return;
    if (!intention || (intention.answered && event.detail < 2)) {
      intention = { key: newIdempotencyKey(), answered: false };
    }
    const { key } = intention;
    button.disabled = true;
    try {
      let analysisId;
      try {
        const started = await api.post(`/deals/${dealId}/analyses`, {}, { headers: { "Idempotency-Key": key } });
        intention.answered = true;
        analysisId = started.id;
        showAnalysis(started);
        refreshWallet().catch(notifyError);
      } catch (error) {
        if (error instanceof ApiError && error.status < 500) intention.answered = true;
        // One is already running: follow it rather than report a conflict the user did not cause.
        if (error instanceof ApiError && error.code === "CONFLICT_RESOURCE_LOCKED" && error.details.analysis_id) {
          analysisId = error.details.analysis_id;
        } else {
          notifyError(error, actions);
          return;
        }
      }
      await follow(dealId, analysisId).catch((error) => notifyError(error, actions));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

function dealPage() {
  const dealId = Number(document.body.dataset.dealId);
  const editSection = document.querySelector("[data-edit]");
  const editToggle = document.querySelector("[data-edit-toggle]");
  const form = document.querySelector('[data-form="edit"]');
  let current = null;

  let startedFrom = null; // the deal as it was when the user began editing

  editToggle.addEventListener("click", () => {
    editSection.hidden = !editSection.hidden;
    editToggle.setAttribute("aria-expanded", String(!editSection.hidden));
    if (!editSection.hidden) {
      fillDealForm(form, current);
      startedFrom = dealPayload(form);
      form.elements.namedItem("title").focus();
    }
  });

  const conflict = document.querySelector("[data-conflict]");
  let mine = null;

  function closeEditor() {
    editSection.hidden = true;
    conflict.hidden = true;
    clearFieldErrors(form);
    editToggle.setAttribute("aria-expanded", "false");
    editToggle.focus();
  }

  // Someone saved the deal meanwhile: each field that now differs from the user's version, the
  // current value beside the user's. A field the user did not touch says so instead of showing
  // the value they started from, which they never meant to send back.
  function showConflict(latest) {
    const changedHere = new Set(Object.keys(mine));
    const rows = DEAL_FIELDS.filter((name) =>
      changedHere.has(name)
        ? String(mine[name] ?? "") !== String(latest[name] ?? "")
        : String(startedFrom[name] ?? "") !== String(latest[name] ?? ""),
    ).map((name) =>
      element(
        "tr",
        { "data-field": name },
        element("th", { scope: "row", text: FIELD_LABELS[name] }),
        element("td", { "data-current": true, text: shown(name, latest[name]) }),
        changedHere.has(name)
          ? element("td", { "data-yours": true, text: shown(name, mine[name]) })
          : element("td", { "data-yours": true, class: "muted", text: "Not changed by you" }),
      ),
    );
    document.querySelector("[data-conflict-rows]").replaceChildren(...rows);
    conflict.hidden = false;
    conflict.querySelector("[data-conflict-reapply]").focus();
  }

  function shown(name, value) {
    if (value === null || value === undefined || value === "") return "(empty)";
    return name === "category" ? categoryLabel(value) : String(value);
  }

  async function save(payload) {
    return submitting(form, async () => {
      try {
        return await api.patch(`/deals/${dealId}`, payload);
      } catch (error) {
        if (!(error instanceof ApiError) || error.code !== "CONFLICT_VERSION_MISMATCH") throw error;
        current = await api.get(`/deals/${dealId}`);
        showDeal(current);
        // What the user changed, and only that, is what "re-apply" puts on the current deal.
        const edited = dealPayload(form);
        mine = Object.fromEntries(DEAL_FIELDS.filter((name) => edited[name] !== startedFrom[name]).map((name) => [name, edited[name]]));
        showConflict(current);
        return undefined;
      }
    });
  }

  function saved(updated) {
    current = updated;
    showDeal(updated);
    closeEditor();
    notify({ title: "Saved", message: "Your changes were saved.", kind: "success", near: document.querySelector("[data-deal]") });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    conflict.hidden = true;
    const updated = await save({ ...dealPayload(form), version: current.version });
    if (updated) saved(updated);
  });

  // Re-apply puts the user's changes on top of the current deal, in the form, to look at before
  // saving: nothing is sent until Save.
  conflict.querySelector("[data-conflict-reapply]").addEventListener("click", () => {
    conflict.hidden = true;
    fillDealForm(form, current);
    startedFrom = dealPayload(form);
    for (const [name, value] of Object.entries(mine)) form.elements.namedItem(name).value = value ?? "";
    notify({
      title: "Your changes are back",
      message: "They are in the form, on top of the current deal. Check them, then save.",
      kind: "info",
      sticky: true,
      near: form,
    });
    form.elements.namedItem(Object.keys(mine)[0] || "title").focus();
  });

  conflict.querySelector("[data-conflict-discard]").addEventListener("click", () => {
    conflict.hidden = true;
    fillDealForm(form, current);
    startedFrom = dealPayload(form);
    form.elements.namedItem("title").focus();
  });

  form.querySelector("[data-cancel]").addEventListener("click", closeEditor);

  const remove = document.querySelector("[data-delete]");
  remove.addEventListener("click", async () => {
    if (!window.confirm(`Delete "${current.title}"?`)) return;
    try {
      await api.delete(`/deals/${dealId}`);
      leaveNotice({ title: "Deleted", message: `"${current.title}" was deleted.`, kind: "success" });
      window.location.assign("/deals");
    } catch (error) {
      notifyError(error, document.querySelector("[data-deal-actions]"));
    }
  });

  const analyse = analyseButton(dealId);
  const more = document.querySelector("[data-history-more]");
  more.addEventListener("click", () => {
    more.disabled = true;
    loadHistory(dealId, { older: true })
      .catch(notifyError)
      .finally(() => {
        more.disabled = false;
      });
  });

  return (async () => {
    try {
      current = await api.get(`/deals/${dealId}`);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
        showUnavailable(error);
        return;
      }
      throw error;
    }
    showDeal(current);
    document.querySelector("[data-deal-actions]").hidden = false;
    const analyses = await loadHistory(dealId);
    const latest = analyses[0];
    if (latest && !FINISHED.has(latest.status)) {
      analyse.disabled = true;
      await follow(dealId, latest.id).finally(() => {
        analyse.disabled = false;
      });
    } else if (latest) {
      showAnalysis(latest);
    }
  })();
}

// ---- start ----

const CONTROLLERS = {
  login: { signedIn: false, render: loginPage },
  register: { signedIn: false, render: registerPage },
  deals: { signedIn: true, render: dealListPage },
  deal: { signedIn: true, render: dealPage },
  account: { signedIn: true, render: accountPage },
};

function start() {
  const controller = CONTROLLERS[document.body.dataset.page];
  if (!controller) return;
  const notice = takeNotice();
  if (notice) notify({ kind: notice.kind || "info", ...notice, sticky: true });
  if (!controller.signedIn) {
    guard(document.querySelector("[data-boundary]"), controller.render);
    return;
  }
  requireSession()
    .then((signedIn) => {
      if (!signedIn) return;
      setUpHeader().catch(notifyError);
      refreshWallet().catch(notifyError);
      guard(document.querySelector("[data-boundary]"), controller.render);
    })
    .catch(notifyError);
}

start();

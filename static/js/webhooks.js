// The account page's webhooks: the user's endpoints, each with its recent deliveries, a form to
// add one (its signing secret shown once), and per endpoint a test ping, enable or disable, and
// delete. All calls go through api.js and every failure through ui.js.

import { api } from "./api.js";
import { clearFieldErrors, element, notify, notifyError, setBusy, showFieldErrors } from "./ui.js";

const RECENT = 5;
const dateTime = (iso) => new Date(iso).toLocaleString();
const STATUS_TEXT = { pending: "waiting to be tried again", succeeded: "delivered", failed: "failed" };

function deliveryItem(delivery) {
  const answer = delivery.last_status_code ? `answered ${delivery.last_status_code}` : "no answer";
  const tries = `${delivery.attempts} attempt${delivery.attempts === 1 ? "" : "s"}`;
  return element(
    "li",
    { "data-delivery": delivery.id, "data-status": delivery.status },
    `${delivery.event_type}: ${STATUS_TEXT[delivery.status] || delivery.status} (${tries}, ${delivery.attempts ? answer : "not tried yet"}) `,
    element("time", { datetime: delivery.created_at, text: dateTime(delivery.created_at) }),
  );
}

async function recentDeliveries(endpoint) {
  const page = await api.get(`/webhooks/endpoints/${endpoint.id}/deliveries`);
  const items = page.results.slice(0, RECENT).map(deliveryItem);
  if (!items.length) return element("p", { class: "muted", text: "Nothing sent yet." });
  return element("ol", { class: "delivery-list", "data-deliveries": endpoint.id }, ...items);
}

function endpointButtons(endpoint, section) {
  const act = (label, attribute, action) => {
    const button = element("button", { type: "button", class: "secondary", [attribute]: endpoint.id }, label);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await action();
      } catch (error) {
        notifyError(error, section.querySelector("[data-webhooks]"));
      } finally {
        button.disabled = false;
      }
      await loadEndpoints(section);
    });
    return button;
  };
  const path = `/webhooks/endpoints/${endpoint.id}`;
  return element(
    "div",
    { class: "actions" },
    act("Send a test", "data-webhook-test", () => api.post(`${path}/test`)),
    endpoint.enabled
      ? act("Disable", "data-webhook-disable", () => api.patch(path, { enabled: false }))
      : act("Enable", "data-webhook-enable", () => api.patch(path, { enabled: true })),
    act("Delete", "data-webhook-delete", () => api.delete(path)),
  );
}

async function endpointItem(endpoint, section) {
  const kinds = endpoint.event_types.length ? endpoint.event_types.join(", ") : "every event";
  return element(
    "li",
    { class: "webhook-item", "data-webhook": endpoint.id },
    element(
      "p",
      {},
      element("strong", { text: endpoint.url }),
      " ",
      endpoint.enabled ? null : element("span", { class: "badge warning", text: "Disabled" }),
    ),
    element("p", { class: "muted", text: [endpoint.description, kinds].filter(Boolean).join(" · ") }),
    await recentDeliveries(endpoint),
    endpointButtons(endpoint, section),
  );
}

async function loadEndpoints(section) {
  const list = section.querySelector("[data-webhooks]");
  setBusy(list, true);
  try {
    const page = await api.get("/webhooks/endpoints");
    const items = await Promise.all(page.results.map((endpoint) => endpointItem(endpoint, section)));
    list.replaceChildren(...items);
    if (!items.length) list.replaceChildren(element("li", { class: "muted", text: "No endpoints yet." }));
  } finally {
    setBusy(list, false);
  }
}

function listenForNewEndpoint(form, section) {
  const button = form.querySelector('button[type="submit"]');
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      url: form.elements.namedItem("url").value.trim(),
      description: form.elements.namedItem("description").value.trim(),
    };
    button.disabled = true;
    setBusy(form, true);
    clearFieldErrors(form);
    let created;
    try {
      created = await api.post("/webhooks/endpoints", body);
    } catch (error) {
      // The form's inputs are named like the API's fields: url and description.
      if (!showFieldErrors(form, error)) notifyError(error, form);
      return;
    } finally {
      button.disabled = false;
      setBusy(form, false);
    }
    form.reset();
    const secret = section.querySelector("[data-webhook-secret]");
    secret.querySelector("[data-webhook-secret-url]").textContent = created.url;
    secret.querySelector("[data-webhook-secret-value]").textContent = created.secret;
    secret.hidden = false;
    notify({ kind: "success", title: "Endpoint added", message: "Its signing secret is shown below, this once.", near: form });
    await loadEndpoints(section);
  });
  button.disabled = false;
}

export async function webhooksSection() {
  const section = document.querySelector("[data-webhooks-section]");
  if (!section) return;
  listenForNewEndpoint(section.querySelector('[data-form="webhook"]'), section);
  await loadEndpoints(section);
}

/* The simulator page, enhanced: the forms post in the background and the thread is polled
   as JSON about once a second. Text from callers is untrusted: it only ever reaches the page
   through textContent. Without this script the forms post and the page reloads. */
(function () {
  "use strict";

  var phone = document.getElementById("phone");
  if (!phone || !phone.dataset.threadUrl || !window.fetch) return;

  var pollUrl = phone.dataset.threadUrl + "?" + new URLSearchParams({number: phone.dataset.number, me: phone.dataset.me});
  var thread = phone.querySelector("[data-thread]");
  var emptyRow = phone.querySelector("[data-empty]");
  var callbar = phone.querySelector("[data-callbar]");
  var errorBox = phone.querySelector("[data-error]");
  var composer = phone.querySelector(".compose");
  var textarea = composer.querySelector("textarea");
  var businessName = phone.querySelector("#phone-title").textContent;
  var last = "";
  var timer = null;
  var failures = 0;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function field(node, name) {
    return node.querySelector('[data-field="' + name + '"]');
  }

  /* Rows have the same markup as templates/simulator/_item.html. */
  function build(item) {
    var li, p;
    if (item.type === "call") {
      li = el("li");
      p = el("p", "event-title");
      var icon = el("span", "event-icon");
      icon.setAttribute("aria-hidden", "true");
      var title = el("span");
      title.dataset.field = "title";
      var time = el("time");
      time.dataset.field = "time";
      p.append(icon, title, " ", time);
      var outcome = el("p", "event-outcome");
      outcome.dataset.field = "outcome";
      var decision = el("p", "event-decision");
      decision.dataset.field = "decision";
      li.append(p, outcome, decision);
    } else {
      li = el("li");
      var label = el("p", "msg-label");
      label.dataset.field = "label";
      var bubble = el("p", "bubble");
      var who = el("span", "visually-hidden", (item.side === "me" ? "You" : businessName) + ": ");
      var body = el("span");
      body.dataset.field = "body";
      bubble.append(who, body);
      var meta = el("p", "msg-meta");
      var when = el("time");
      when.dataset.field = "time";
      var status = el("span");
      status.dataset.field = "status";
      meta.append(when, " · ", status);
      li.append(label, bubble, meta);
    }
    li.dataset.key = item.key;
    return li;
  }

  function setText(node, text) {
    if (!node) return;
    text = text || "";
    if (node.textContent !== text) node.textContent = text;
    node.hidden = text === "" && (node.dataset.field === "decision" || node.dataset.field === "label");
  }

  function fill(li, item) {
    if (item.type === "call") {
      li.className = "event event--" + item.tone;
      ["title", "time", "outcome", "decision"].forEach(function (name) { setText(field(li, name), item[name]); });
    } else {
      li.className = "msg msg--" + item.side;
      ["label", "body", "time", "status"].forEach(function (name) { setText(field(li, name), item[name]); });
    }
  }

  function renderThread(items) {
    var rows = Array.prototype.slice.call(thread.querySelectorAll("li[data-key]"));
    var keys = rows.map(function (row) { return row.dataset.key; });
    var inOrder = keys.every(function (key, i) { return items[i] && items[i].key === key; });
    if (!inOrder) {  // something went away or moved: start over
      rows.forEach(function (row) { row.remove(); });
      rows = [];
    }
    var nearBottom = thread.scrollHeight - thread.scrollTop - thread.clientHeight < 120;
    var added = false;
    items.forEach(function (item, i) {
      var row = rows[i];
      if (!row) {
        row = build(item);
        thread.appendChild(row);
        added = true;
      }
      fill(row, item);
    });
    emptyRow.hidden = items.length > 0;
    if (added && nearBottom) thread.scrollTop = thread.scrollHeight;
    return added;
  }

  function renderCallbar(state) {
    var before = callbar.dataset.callbar;
    var focusWasHere = callbar.contains(document.activeElement) || document.activeElement === document.body;
    callbar.dataset.callbar = state.callbar;
    setText(callbar.querySelector("[data-status]"), state.status);
    setText(callbar.querySelector("[data-hint]"), state.hint);
    callbar.querySelectorAll('input[name="call"]').forEach(function (input) { input.value = state.call || ""; });
    var shown = null;
    callbar.querySelectorAll("[data-panel]").forEach(function (panel) {
      panel.hidden = panel.dataset.panel !== state.callbar;
      if (!panel.hidden) shown = panel;
    });
    if (before !== state.callbar && focusWasHere && shown) {
      var primary = shown.querySelector("[data-primary]");
      if (primary) primary.focus({preventScroll: true});
    }
  }

  function renderScenes(state) {
    var lead = document.querySelector("[data-lead]");
    if (lead) {
      lead.replaceChildren.apply(lead, state.lead.map(function (row) {
        var div = el("div");
        div.append(el("dt", null, row.label), el("dd", null, row.value));
        return div;
      }));
      document.querySelector("[data-lead-empty]").hidden = state.lead.length > 0;
    }
    var owner = document.querySelector("[data-owner-texts]");
    if (owner) {
      owner.replaceChildren.apply(owner, state.owner_texts.map(function (text) {
        var li = el("li", text.urgent ? "urgent" : "");
        li.append(el("time", null, text.time), el("p", null, text.body));
        return li;
      }));
      document.querySelector("[data-owner-empty]").hidden = state.owner_texts.length > 0;
    }
    var open = document.querySelector("[data-open]");
    if (open) setText(open, state.business.open_now ? "open now" : "closed now");
  }

  function apply(state, force) {
    var text = JSON.stringify(state);
    if (text === last && !force) return;
    last = text;
    renderCallbar(state);
    var added = renderThread(state.items);
    renderScenes(state);
    return added;
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }

  function poll() {
    clearTimeout(timer);
    fetch(pollUrl, {headers: {Accept: "application/json"}, cache: "no-store", credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) {
        if (failures) showError("");
        failures = 0;
        apply(state);
      })
      .catch(function () {
        failures += 1;
        if (failures >= 3) showError("Lost touch with textback: is it still running? Retrying…");
      })
      .finally(function () {
        timer = setTimeout(poll, document.hidden ? 5000 : 1000);
      });
  }

  function submit(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (button) { button.disabled = true; });
    form.setAttribute("aria-busy", "true");
    return fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {Accept: "application/json"},
    })
      .then(function (response) {
        return response.json().then(function (body) { return {ok: response.ok, body: body}; });
      })
      .then(function (result) {
        if (!result.ok) {
          showError(result.body.error || "That did not work.");
          return false;
        }
        showError("");
        apply(result.body, true);
        thread.scrollTop = thread.scrollHeight;
        return true;
      })
      .catch(function () {
        showError("Could not reach textback: is it still running?");
        return false;
      })
      .finally(function () {
        buttons.forEach(function (button) { button.disabled = false; });
        form.removeAttribute("aria-busy");
      });
  }

  phone.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.method.toLowerCase() !== "post") return;
    event.preventDefault();
    if (form.getAttribute("aria-busy")) return;
    submit(form, event.submitter).then(function (ok) {
      if (ok && form === composer) {
        textarea.value = "";
        grow();
        textarea.focus();
      }
    });
  });

  /* Enter sends, Shift+Enter starts a new line; the box grows with its text. */
  function grow() {
    textarea.style.height = "auto";
    textarea.style.height = Math.min(textarea.scrollHeight + 2, 140) + "px";
  }
  textarea.addEventListener("input", grow);
  textarea.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (textarea.value.trim()) composer.requestSubmit();
    }
  });

  document.addEventListener("visibilitychange", function () { if (!document.hidden) poll(); });

  thread.scrollTop = thread.scrollHeight;
  poll();
})();

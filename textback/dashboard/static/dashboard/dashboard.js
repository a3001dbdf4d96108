// textback dashboard: live inbox and thread, template preview. Plain JS; every text from the
// server goes in with textContent, never as HTML.
(function () {
  "use strict";
  var POLL_MS = 4000;
  var KNOWN = { urgency: ["emergency", "soon", "flexible", "unknown"] };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function poll(url, onData, every) {
    var last = "";
    function tick() {
      if (document.hidden) return;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (text) { if (text !== last) { last = text; onData(JSON.parse(text)); } })
        .catch(function () {});
    }
    setInterval(tick, every || POLL_MS);
    document.addEventListener("visibilitychange", tick);
  }

  // -- inbox --
  function inboxRow(c) {
    var li = el("li", c.unread ? "conv unread" : "conv");
    li.dataset.id = c.id;
    var a = el("a");
    a.href = c.url;
    a.appendChild(el("span", "dot")).setAttribute("aria-hidden", "true");
    var name = el("span", "name");
    if (c.unread) name.appendChild(el("span", "sr", "Unread: "));
    name.appendChild(document.createTextNode(c.name));
    a.appendChild(name);
    a.appendChild(el("time", "", c.when));
    a.appendChild(el("span", "preview", c.preview));
    var badges = el("span", "badges");
    if (c.urgency !== "unknown") {
      var urgency = el("span", "badge", c.urgency);
      if (KNOWN.urgency.indexOf(c.urgency) >= 0) urgency.classList.add(c.urgency);
      badges.appendChild(urgency);
    }
    if (c.status !== "partial") badges.appendChild(el("span", "badge", c.status));
    if (c.outcome) badges.appendChild(el("span", "badge", c.outcome));
    a.appendChild(badges);
    li.appendChild(a);
    return li;
  }

  var inbox = document.getElementById("inbox");
  if (inbox && inbox.dataset.poll) {
    poll(inbox.dataset.poll, function (data) {
      var items = data.conversations.map(inboxRow);
      inbox.replaceChildren.apply(inbox, items);
      var empty = document.getElementById("inbox-empty");
      if (empty) empty.hidden = items.length > 0;
      inbox.hidden = items.length === 0;
      var unread = data.conversations.filter(function (c) { return c.unread; }).length;
      document.title = (unread ? "(" + unread + ") " : "") + document.title.replace(/^\(\d+\) /, "");
      showUnread(data.unread, data.unread_label);
    });
  }

  // -- the nav's unread count (the whole business's, not just this page's) --
  function showUnread(count, label) {
    var badge = document.getElementById("unread-count");
    if (!badge || count === undefined) return;
    badge.hidden = !count;
    badge.replaceChildren(el("span", "sr", ", "), document.createTextNode(label), el("span", "sr", " unread"));
  }

  // -- getting started: the browser's time zone, and the live check of the test call --
  var zone = document.querySelector("input[data-guess-zone]");
  if (zone && !zone.closest("form").querySelector(".errorlist")) {
    try {
      var guessed = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (guessed && guessed.indexOf("/") > 0) zone.value = guessed;
    } catch (e) { /* keep the default */ }
  }

  var check = document.getElementById("live-check");
  if (check && check.dataset.poll) {
    poll(check.dataset.poll, function (data) {
      check.className = check.className.replace(/\bstate-\S+/, "state-" + data.state);
      check.querySelector(".check-title").textContent = data.title;
      check.querySelector(".check-detail").textContent = data.detail;
      var text = check.querySelector(".check-text");
      text.textContent = data.text || "";
      text.hidden = !data.text;
    }, 1500);
  }

  // -- one conversation --
  function messageItem(m) {
    var li = el("li", "msg " + (m.kind === "notification" ? "notification" : m.direction));
    li.appendChild(el("div", "bubble", m.body || (m.media.length ? "(picture)" : "")));
    var meta = el("div", "meta");
    meta.appendChild(document.createTextNode(m.who + " · " + m.when));
    if (m.status) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(el("span", m.failed ? "failed" : "", m.status + (m.error ? ": " + m.error : "")));
    }
    if (m.opt_out) meta.appendChild(document.createTextNode(" · opted out"));
    li.appendChild(meta);
    return li;
  }

  var transcript = document.getElementById("transcript");
  if (transcript && transcript.dataset.poll) {
    poll(transcript.dataset.poll, function (data) {
      var atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
      transcript.replaceChildren.apply(transcript, data.messages.map(messageItem));
      if (atBottom) window.scrollTo(0, document.body.scrollHeight);
    });
  }

  var counter = document.getElementById("reply-count");
  var replyBox = document.getElementById("reply-body");
  if (counter && replyBox) {
    replyBox.addEventListener("input", function () {
      counter.textContent = replyBox.value.length + " characters";
    });
  }

  // -- template preview --
  var form = document.getElementById("templates-form");
  if (form && form.dataset.previewUrl) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var askPreview = function (area, tries) {
      var body = new FormData();
      body.append("field", area.dataset.preview);
      body.append("template", area.value);
      fetch(form.dataset.previewUrl, {
        method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": token },
      })
        .then(function (r) { if (!r.ok) throw new Error("preview: " + r.status); return r.json(); })
        .then(function (p) { showPreview(area.dataset.preview, p); })
        // A busy or restarting server (503): ask again shortly, a few times; saving still works.
        .catch(function () { if (tries > 1) setTimeout(function () { askPreview(area, tries - 1); }, 1000); });
    };
    form.querySelectorAll("textarea[data-preview]").forEach(function (area) {
      var timer = null;
      area.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { askPreview(area, 3); }, 250);
      });
      // Typed into before this script ran (a slow phone): the preview catches up at once.
      if (area.value !== area.defaultValue) askPreview(area, 3);
    });
  }

  function showPreview(field, p) {
    var box = document.getElementById("preview-" + field);
    if (!box) return;
    box.querySelector(".preview-box").textContent = p.error ? "" : p.text;
    box.querySelector(".preview-error").textContent = p.error;
    box.querySelector(".preview-cost").textContent = p.error ? "" :
      p.length + " characters · " + p.segments + " segment" + (p.segments === 1 ? "" : "s") + " · " + p.encoding;
    var warn = box.querySelector(".preview-ucs2");
    warn.hidden = !p.ucs2.length;
    warn.querySelector(".chars").textContent = p.ucs2.join(" ");
  }
})();
